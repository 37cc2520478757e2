package dev.jubjub.sync;

import dev.jubjub.pypi.ProjectName;
import dev.jubjub.upstream.Listing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a run must do, computed from the mirror's serial, an interrupted run's todo and upstream's
 * listing. Pure: tested without sockets or disks.
 *
 * @param toSync project name (upstream's spelling) to the serial it must reach, in normalized order
 * @param toRemove normalized names of local projects that upstream no longer lists
 */
record Plan(long targetSerial, Map<String, Long> toSync, List<String> toRemove) {

  static Plan make(
      long status,
      Optional<MirrorState.Todo> todo,
      Listing listing,
      Collection<String> localProjects,
      boolean deletePackages) {
    long since = todo.map(MirrorState.Todo::targetSerial).orElse(status);
    boolean full = todo.isEmpty() && status == 0;
    // Keyed by normalized name so two spellings cannot both be synced; the value keeps upstream's
    // spelling, which the JSON API answers without a redirect.
    Map<String, Map.Entry<String, Long>> byName = new TreeMap<>();
    todo.ifPresent(
        t -> t.projects().forEach((name, serial) -> byName.put(ProjectName.normalize(name), Map.entry(name, serial))));
    for (Map.Entry<String, Listing.Entry> entry : listing.projects().entrySet()) {
      long serial = entry.getValue().serial();
      if (full || serial > since) {
        byName.merge(
            entry.getKey(),
            Map.entry(entry.getValue().name().display(), serial),
            (a, b) -> Map.entry(b.getKey(), Math.max(a.getValue(), b.getValue())));
      }
    }
    Map<String, Long> toSync = new LinkedHashMap<>();
    byName.values().forEach(e -> toSync.put(e.getKey(), e.getValue()));
    List<String> toRemove = new ArrayList<>();
    if (deletePackages) {
      for (String local : localProjects) {
        if (!listing.projects().containsKey(local)) {
          toRemove.add(local);
        }
      }
    }
    long target = Math.max(status, listing.serial());
    if (todo.isPresent()) {
      target = Math.max(target, todo.get().targetSerial());
    }
    return new Plan(target, toSync, toRemove);
  }
}
