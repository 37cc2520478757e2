package dev.jubjub.sync;

import dev.jubjub.upstream.Listing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run must do, computed from the mirror's serial, an interrupted run's todo and upstream's
 * listing. Pure: tested without sockets or disks.
 *
 * @param toSync normalized name to the serial the project must reach, in name order
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
    Map<String, Long> toSync = new TreeMap<>();
    todo.ifPresent(t -> toSync.putAll(t.projects()));
    for (Map.Entry<String, Listing.Entry> entry : listing.projects().entrySet()) {
      if (full || entry.getValue().serial() > since) {
        toSync.merge(entry.getKey(), entry.getValue().serial(), Math::max);
      }
    }
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
