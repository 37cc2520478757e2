package dev.jubjub.sync;

import dev.jubjub.pypi.ProjectName;
import dev.jubjub.upstream.Listing;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What a run must do, computed from the mirror's serial, an interrupted run's todo and upstream's
 * listing. Pure: tested without sockets or disks.
 *
 * @param toSync project name (upstream's spelling) to the serial it must reach, in normalized order
 * @param toRemove normalized names of local projects that upstream no longer lists
 * @param serialWentBack upstream's serial is below the mirror's: the projects whose serial differs
 *     from the local one are synced whatever their pages say
 */
record Plan(long targetSerial, Map<String, Long> toSync, List<String> toRemove, boolean serialWentBack) {

  static Plan make(
      long status,
      Optional<MirrorState.Todo> todo,
      Listing listing,
      Collection<String> localProjects,
      boolean deletePackages) {
    return make(status, todo, listing, new Local(localProjects, Map.of(), Map.of()), deletePackages, name -> true, false);
  }

  /**
   * What the mirror holds.
   *
   * @param projects normalized names of the projects in the tree
   * @param serials the serial each was last synced at (read only when upstream's serial went back)
   * @param skipped projects not in the tree on purpose (a metadata filter refused them, or upstream
   *     had no JSON for them) with the serial they were looked at: not fetched again until it moves
   */
  record Local(Collection<String> projects, Map<String, Long> serials, Map<String, Long> skipped) {}

  /**
   * The listing's entries {@link #make} reads: the mirror's own projects (removals) and those the
   * filters allow (changed, missing, a changed filter, a serial gone back). A plan made from them
   * alone is the plan made from the whole listing; the serial comes from every entry.
   */
  static Listing.Interest reads(Collection<String> localProjects, Predicate<String> allowed) {
    Set<String> local = new HashSet<>(localProjects);
    return name -> local.contains(name) || allowed.test(name);
  }

  /**
   * @param listing the whole listing, or the entries {@link #reads} keeps of it
   * @param allowed the project filters: a local project they now refuse is removed, an allowed
   *     one missing from the tree is synced whatever its serial
   * @param recheckAll the filters changed since the last run: every allowed local project is
   *     synced again, so files now excluded go and files now allowed come
   */
  static Plan make(
      long status,
      Optional<MirrorState.Todo> todo,
      Listing listing,
      Local mirror,
      boolean deletePackages,
      Predicate<String> allowed,
      boolean recheckAll) {
    Collection<String> localProjects = mirror.projects();
    Set<String> local = new HashSet<>(localProjects);
    long since = todo.map(MirrorState.Todo::targetSerial).orElse(status);
    boolean full = todo.isEmpty() && status == 0;
    // Upstream restored from a backup, a new master, or a CDN's stale copy: serials no longer
    // order changes. Sync what differs from the local serial (few projects for a stale copy,
    // all for a new upstream) and follow upstream's counter from now on.
    boolean wentBack = listing.serial() < since && listing.listed() > 0;
    // Keyed by normalized name so two spellings cannot both be synced; the value keeps upstream's
    // spelling, which the JSON API answers without a redirect.
    Map<String, Map.Entry<String, Long>> byName = new TreeMap<>();
    todo.ifPresent(t -> t.projects().forEach((name, serial) -> {
      if (allowed.test(ProjectName.normalize(name))) {
        byName.put(ProjectName.normalize(name), Map.entry(name, serial));
      }
    }));
    for (Map.Entry<String, Listing.Entry> entry : listing.projects().entrySet()) {
      long serial = entry.getValue().serial();
      if (!allowed.test(entry.getKey())) {
        continue;
      }
      boolean missing = !local.contains(entry.getKey())
          && mirror.skipped().getOrDefault(entry.getKey(), -1L) != serial;
      boolean differs = wentBack && serial != mirror.serials().getOrDefault(entry.getKey(), -1L);
      if (full || serial > since || recheckAll || missing || differs) {
        // The listing is fresher than an older run's todo: its serial wins, also when it is lower
        // (upstream restored), or the project would wait forever for a serial that never comes.
        byName.put(entry.getKey(), Map.entry(entry.getValue().name().display(), serial));
      }
    }
    Map<String, Long> toSync = new LinkedHashMap<>();
    byName.values().forEach(e -> toSync.put(e.getKey(), e.getValue()));
    List<String> toRemove = new ArrayList<>();
    for (String name : localProjects) {
      boolean upstream = listing.projects().containsKey(name);
      if ((!upstream && deletePackages) || (upstream && !allowed.test(name))) {
        toRemove.add(name);
      }
    }
    long target = Math.max(status, listing.serial());
    if (todo.isPresent()) {
      target = Math.max(target, todo.get().targetSerial());
    }
    if (wentBack) {
      target = listing.serial();
    }
    return new Plan(target, toSync, toRemove, wentBack);
  }
}
