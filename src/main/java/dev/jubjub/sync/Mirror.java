package dev.jubjub.sync;

import dev.jubjub.store.MirrorLayout;
import dev.jubjub.filter.Filters;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.store.LockHeldException;
import dev.jubjub.store.Storage;
import dev.jubjub.store.StorageException;
import dev.jubjub.upstream.Listing;
import dev.jubjub.upstream.Upstream;
import dev.jubjub.upstream.UpstreamException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.HashMap;
import java.util.TreeSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sync engine. {@link #mirror()} is bandersnatch's {@code mirror}: plan from serials, sync
 * the changed projects concurrently, then root index, {@code status}, and the end of {@code todo}.
 * {@link #sync(List)} syncs named projects whatever their serials say.
 */
public final class Mirror {
  private static final Logger log = LoggerFactory.getLogger(Mirror.class);
  /** The logger of the one INFO line per synced or removed project. */
  public static final String PROJECT_LOG = "jubjub.projects";
  /** How often the todo file is rewritten with what is left, so a restart skips finished work. */
  private static final Duration PENDING_SAVE_INTERVAL = Duration.ofSeconds(5);
  /** Past this many progress notes, todo is rewritten once (O(remaining)) and the notes dropped. */
  private static final int MAX_PROGRESS_NOTES = 500;
  static final double MAX_REMOVALS_SHARE = 0.05;
  /** Up to this many projects may go in one run whatever the mirror's size. */
  static final int REMOVAL_FLOOR = 5;
  /** Projects in a row that cannot reach upstream before a run gives up (at least twice the workers). */
  static final int UNREACHABLE_IN_A_ROW = 20;

  private final Upstream upstream;
  private final Storage storage;
  private final SyncOptions options;
  private final MirrorState state;
  private final MirrorLayout layout;
  private final RootIndexWriter rootIndex;
  private final LateDeletes late;
  /** This run moved pages to the layout hash-index asks for: the root index is written again. */
  private boolean movedLayout;
  private final SyncStats stats = new SyncStats();
  private final DiffList diff;
  private final PathClaims claims = new PathClaims();
  private final Predicate<String> confirm;

  public Mirror(Upstream upstream, Storage storage, SyncOptions options) {
    this(upstream, storage, options, question -> false);
  }

  /**
   * @param confirm asked before a drastic step (the filters exclude everything); true to go on
   */
  public Mirror(Upstream upstream, Storage storage, SyncOptions options, Predicate<String> confirm) {
    this.confirm = confirm;
    this.upstream = upstream;
    this.storage = storage;
    this.options = options;
    this.diff = new DiffList(options.diffFile().isPresent());
    this.state = new MirrorState(storage);
    this.layout = new MirrorLayout(options.hashIndex());
    this.rootIndex = new RootIndexWriter(storage, layout, options.simpleFormat());
    this.late = new LateDeletes(storage);
  }

  /** Live counters, for progress display. */
  public SyncStats stats() {
    return stats;
  }

  public SyncStats mirror() throws IOException, UpstreamException, LockHeldException {
    return mirror(false);
  }

  /**
   * @param forceCheck bandersnatch's {@code --force-check}: start from serial 0, as if this were
   *     the first run, and check every listed project whatever its pages say (an interrupted run's
   *     todo is dropped: every project is in the new plan)
   */
  public SyncStats mirror(boolean forceCheck) throws IOException, UpstreamException, LockHeldException {
    try (Storage.Lock lock = storage.lock()) {
      long saved = state.loadStatus();
      long status = forceCheck ? 0 : saved;
      if (forceCheck) {
        log.info("--force-check: every project upstream lists is checked, whatever the serials say");
      }
      Filters filters = options.filters();
      boolean filtersChanged = !state.loadFilterFingerprint().equals(filters.fingerprint());
      List<String> local = localProjects();
      Optional<MirrorState.Todo> todo = forceCheck ? Optional.empty() : state.loadTodo();
      if (!forceCheck && !filtersChanged && todo.isEmpty() && upToDate(saved)) {
        stats.upstreamSerial.set(saved);
        log.info("Mirror at serial {}; upstream at {}: nothing to do", saved, saved);
        new DiffFileWriter(options, storage).write(diff);
        return stats;
      }
      // What a killed run left in the page cache becomes durable before this run links to it. Not
      // before the short cut above, which links nothing: linking syncfs was a tenth of its CPU.
      storage.sync();
      Listing listing = upstream.listProjects(Plan.reads(local, filters::allowsProject));
      stats.upstreamSerial.set(listing.serial());
      if (filtersChanged && status > 0) {
        // Kept from the last run that finished: a run that failed projects has not yet brought
        // them all under the new filters, so the next one checks every project again too.
        log.info("The filter configuration differs from the last complete run's: every project is checked again");
      }
      boolean listedBelowUs = listing.serial() < todo.map(MirrorState.Todo::targetSerial).orElse(status);
      Map<String, Long> skipped = filtersChanged ? new HashMap<>() : state.loadSkipped();
      Plan plan = Plan.make(status, todo, listing,
          new Plan.Local(local, listedBelowUs ? rootIndex.knownSerials() : Map.of(), skipped),
          options.deletePackages(), filters::allowsProject, filtersChanged && status > 0);
      if (plan.serialWentBack()) {
        log.warn("Upstream's serial went back from {} to {} (a stale CDN copy, a restored or a different"
            + " upstream): syncing the {} projects whose serial differs from the mirror's, and following"
            + " upstream's serial from now on", todo.map(MirrorState.Todo::targetSerial).orElse(status),
            listing.serial(), plan.toSync().size());
      }
      log.info(
          "Mirror at serial {}; upstream at {}; {} projects to sync, {} to remove",
          saved, plan.targetSerial(), plan.toSync().size(), plan.toRemove().size());
      confirmIfFiltersExcludeEverything(listing, filters);
      // Past planning the removal guard only asks which local projects upstream lists; the listing
      // itself (for an unfiltered mirror all of PyPI's 880,000 entries, ~130 MB of heap) would
      // otherwise stay live through the whole sync and leave a small heap to full collections.
      Set<String> listedLocal = listedAmong(local, listing);
      listing = null;
      state.saveTodo(plan.targetSerial(), plan.toSync());
      Set<String> ageIn = dueToAgeIn(plan.toSync().keySet(), plan.toRemove());
      Map<String, Long> work = plan.toSync();
      if (!ageIn.isEmpty()) {
        work = new LinkedHashMap<>(plan.toSync());
        for (String name : ageIn) {
          work.put(name, 0L);
        }
      }
      Run run = run(work, plan.targetSerial(), forceCheck || filtersChanged || plan.serialWentBack(), true, ageIn);
      if (run.gaveUp() != null) {
        storage.sync(); // run() left the rest in todo; status stays, nothing is removed
        throw run.gaveUp();
      }
      Map<String, Long> failed = new LinkedHashMap<>(run.failed());
      Set<String> present = new HashSet<>(local);
      Set<String> removals = new TreeSet<>(plan.toRemove());
      run.excluded().keySet().stream().map(ProjectName::normalize).filter(present::contains)
          .forEach(removals::add);
      // Removals a stopped run had already been allowed to make, and still due, are not weighed
      // again; those it had taken the pages of (no longer local) have their files deleted now,
      // unless this run synced them back.
      Set<String> begun = state.loadRemoving();
      Set<String> allowedEarlier = new TreeSet<>(begun);
      allowedEarlier.retainAll(removals);
      Set<String> unfinished = new TreeSet<>(begun);
      unfinished.removeAll(present);
      run.synced().forEach(name -> unfinished.remove(ProjectName.normalize(name)));
      Set<String> weighed = new TreeSet<>(removals);
      weighed.removeAll(allowedEarlier);
      if (!allowedEarlier.isEmpty()) {
        log.info("Finishing the removal of {} projects a stopped run had begun", allowedEarlier.size());
      }
      boolean refused = !removalsAllowed(weighed, local.size() - allowedEarlier.size(), listedLocal::contains);
      if (refused) {
        // Kept in todo, so the next run weighs them again rather than forgetting them.
        failed.putAll(run.excluded());
        removals.retainAll(allowedEarlier);
      }
      state.refusedRemovals(refused);
      boolean changed = !plan.toSync().isEmpty() || !removals.isEmpty() || status == 0 || movedLayout;
      storage.sync(); // pages before the root index that lists them, and before status
      if (changed || storage.stat(MirrorLayout.SIMPLE + "/index.html").isEmpty()) {
        // After an interrupted run every project's serial is read from its pages again: the
        // projects it finished have new pages its root index never listed, and its todo may
        // have been compacted since, forgetting which.
        Set<String> changedNames = todo.isPresent() ? null : new HashSet<>();
        if (changedNames != null) {
          plan.toSync().keySet().forEach(n -> changedNames.add(ProjectName.normalize(n)));
        }
        rootIndex.write(plan.targetSerial(), failed.isEmpty() ? plan.targetSerial() : saved, changedNames, removals,
            run.failed());
      }
      if (!removals.isEmpty()) {
        state.saveRemoving(removals);
        remove(removals);
      }
      remove(unfinished);
      state.clearRemoving();
      present.removeAll(removals);
      rememberSkipped(skipped, run, present, filtersChanged);
      if (failed.isEmpty()) {
        state.saveStatus(plan.targetSerial());
        state.saveFilterFingerprint(filters.fingerprint());
        state.clearTodo();
      } else {
        // Failed projects stay in todo: the next run retries them before moving status on.
        state.saveTodo(plan.targetSerial(), failed);
      }
      storage.sync();
      new DiffFileWriter(options, storage).write(diff);
      return stats;
    }
  }

  /**
   * Whether a finished mirror needs no run at all: upstream's serial, asked in one small request,
   * is the one it last synced to, and nothing of its own is pending (a layout move, an unfinished
   * or refused removal, a missing root index). The listing then could only say the same: a no-change run of
   * 1,000 projects among PyPI's 880,000 read and parsed 50 MB of names to learn it.
   */
  private boolean upToDate(long saved) throws IOException {
    if (saved <= 0 || movedLayout || !state.loadRemoving().isEmpty() || state.refusedRemovals()
        || storage.stat(MirrorLayout.SIMPLE + "/index.html").isEmpty()) {
      return false;
    }
    ReleaseAge age = options.releaseAge();
    if (!new WaitingFiles(storage).due(age.enabled() ? age.clock().instant() : java.time.Instant.MAX).isEmpty()) {
      return false; // files old enough to show now: their projects are rendered again
    }
    OptionalLong upstreamSerial = upstream.lastSerial();
    return upstreamSerial.isPresent() && upstreamSerial.getAsLong() == saved;
  }

  /**
   * The projects holding files that are now old enough to be shown ({@code min-release-age}) and
   * that upstream did not change (those are synced anyway). With the limit off, every project
   * that still hides files is due.
   *
   * @param planned the names the plan syncs, as the listing spells them
   * @param leaving the projects the plan removes: not worth re-rendering
   */
  private Set<String> dueToAgeIn(Set<String> planned, java.util.Collection<String> leaving) throws IOException {
    WaitingFiles waiting = new WaitingFiles(storage);
    ReleaseAge age = options.releaseAge();
    Set<String> due = waiting.due(age.enabled() ? age.clock().instant() : java.time.Instant.MAX);
    int waitingBefore = waiting.projects().size() - due.size();
    planned.stream().filter(ProjectName::isValid).forEach(name -> due.remove(ProjectName.normalize(name)));
    due.removeAll(leaving);
    if (!due.isEmpty() || age.enabled()) {
      log.info("{} projects with files now old enough to show (min-release-age {}); {} hold files still waiting",
          due.size(), age.describe(), waitingBefore);
    }
    return due;
  }

  /**
   * The one guard every removal passes (gone upstream, refused by a project or metadata filter):
   * more than {@link #tooManyRemovals} allows at once is almost always a broken listing or a
   * filter typo.
   * It needs the user's yes (on a terminal, or {@code --force}); refused, it is an error of the
   * run.
   */
  private boolean removalsAllowed(Set<String> removals, int local, Predicate<String> listed) {
    if (!tooManyRemovals(removals.size(), local)) {
      return true;
    }
    long goneUpstream = removals.stream().filter(listed.negate()).count();
    String question = "This run would remove " + removals.size() + " of the mirror's " + local
        + " projects (" + goneUpstream + " no longer listed upstream, " + (removals.size() - goneUpstream)
        + " refused by the filters)";
    if (confirm.test(question)) {
      return true;
    }
    String reason = question + "; not removed: check the listing and the filter sections, or run"
        + " again with --force";
    log.error("{}", reason);
    stats.refuse(reason);
    return false;
  }

  /**
   * Keeps, with their serial, the projects this run left out of the tree on purpose, so that the
   * next run does not fetch them again until upstream changes them; forgets the ones now synced.
   */
  private void rememberSkipped(Map<String, Long> skipped, Run run, Set<String> present, boolean startedOver)
      throws IOException {
    Map<String, Long> before = Map.copyOf(skipped);
    run.synced().forEach(name -> skipped.remove(ProjectName.normalize(name)));
    Map<String, Long> leftOut = new HashMap<>(run.unavailable());
    leftOut.putAll(run.excluded());
    leftOut.forEach((name, serial) -> {
      String normalized = ProjectName.normalize(name);
      if (!present.contains(normalized)) {
        skipped.put(normalized, serial);
      }
    });
    if (startedOver || !skipped.equals(before)) {
      state.saveSkipped(skipped);
    }
  }

  /**
   * The projects of the tree, after moving those whose pages are still in the layout hash-index
   * no longer uses (it was switched) to this one.
   */
  private List<String> localProjects() throws IOException {
    RootIndexWriter.Found found = rootIndex.scan();
    if (found.strays().isEmpty()) {
      return found.projects();
    }
    log.info("Moving the pages of {} projects to the {} layout (hash-index was switched)",
        found.strays().size(), options.hashIndex() ? "hash-index" : "flat");
    storage.sync(); // what a killed run left is durable before pages are copied that link it
    projectSync().moveFromOtherLayout(found.strays());
    movedLayout = true;
    return rootIndex.projects();
  }

  /** The local projects {@code listing} names: every removal candidate is local. */
  static Set<String> listedAmong(List<String> local, Listing listing) {
    Set<String> listed = new HashSet<>();
    for (String name : local) {
      if (listing.projects().containsKey(name)) {
        listed.add(name);
      }
    }
    return listed;
  }

  /**
   * Up to {@link #REMOVAL_FLOOR} projects or {@link #MAX_REMOVALS_SHARE} of the mirror, whichever
   * is more, but never more than half of it: a listing that shrinks a 6-project mirror to 1, or a
   * mirror's only project, needs a yes.
   */
  static boolean tooManyRemovals(int removals, int local) {
    return removals > Math.min(Math.max(REMOVAL_FLOOR, local * MAX_REMOVALS_SHARE), local / 2);
  }

  /** Removes projects whose removal passed the guard; the root index no longer lists them. */
  private void remove(Set<String> removals) throws IOException {
    ProjectSync syncer = projectSync();
    // On an object store each deletion is a request: as many projects at once as workers allow.
    Semaphore slots = new Semaphore(options.workers());
    List<Future<?>> tasks = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (String gone : removals) {
        slots.acquireUninterruptibly();
        tasks.add(pool.submit(() -> {
          try {
            syncer.delete(gone);
            return null;
          } finally {
            slots.release();
          }
        }));
      }
    }
    for (Future<?> task : tasks) {
      try {
        task.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while removing projects");
      } catch (java.util.concurrent.ExecutionException e) {
        if (e.getCause() instanceof IOException io) {
          throw io;
        }
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        throw (Error) e.getCause();
      }
    }
    late.flush();
  }

  /**
   * A filter that lets no project through is almost always a mistake (a typo in an allowlist)
   * that would delete the whole mirror: it needs the user's yes.
   */
  private void confirmIfFiltersExcludeEverything(Listing listing, Filters filters) throws IOException {
    if (listing.listed() == 0 || filters.isEmpty()) {
      return;
    }
    boolean anyAllowed = listing.projects().keySet().stream().anyMatch(filters::allowsProject);
    if (anyAllowed) {
      return;
    }
    String question = "The filters exclude all " + listing.listed()
        + " upstream projects; the mirror would be emptied";
    if (!confirm.test(question)) {
      throw new FilterConfirmationException(question + ". Check [plugins] and the filter sections,"
          + " or run again with --force.");
    }
  }

  /**
   * Syncs the given projects now; does not touch {@code status}. A project a metadata filter now
   * refuses is removed, past the same guard as a mirror run's removals.
   */
  public SyncStats sync(List<ProjectName> projects) throws IOException, LockHeldException {
    return sync(projects, true);
  }

  /**
   * @param writeRootIndex false for bandersnatch's {@code --skip-simple-root}: the root index is
   *     left as it is (a run of many syncs rewrites it once, at the last)
   */
  public SyncStats sync(List<ProjectName> projects, boolean writeRootIndex) throws IOException, LockHeldException {
    try (Storage.Lock lock = storage.lock()) {
      storage.sync();
      long status = state.loadStatus();
      Map<String, Long> todo = new LinkedHashMap<>();
      projects.forEach(p -> todo.put(p.display(), 0L));
      List<String> local = localProjects();
      Set<String> removals = new TreeSet<>();
      run(todo, 0, true, false, Set.of()).excluded().keySet().forEach(n -> removals.add(ProjectName.normalize(n)));
      removals.retainAll(local);
      if (!removalsAllowed(removals, local.size(), name -> true)) {
        removals.clear();
      }
      if (writeRootIndex || !removals.isEmpty()) {
        // A removed project must leave the root index before its pages go, whatever was asked.
        rootIndex.write(status, projects.stream().map(ProjectName::normalized).collect(Collectors.toSet()), removals);
      }
      remove(removals);
      new DiffFileWriter(options, storage).write(diff);
      return stats;
    }
  }

  /**
   * Removes projects (pages first, then files and JSON copies) and rewrites the root index.
   *
   * @return every path removed, or that would be with {@code dryRun}
   */
  public List<String> delete(List<ProjectName> projects, boolean dryRun) throws IOException, LockHeldException {
    try (Storage.Lock lock = storage.lock()) {
      if (!dryRun) {
        localProjects(); // hash-index switched: the root index is written from this layout
      }
      ProjectSync syncer = projectSync();
      List<String> paths = new ArrayList<>();
      Set<String> names = new TreeSet<>();
      for (ProjectName project : projects) {
        List<String> gone = syncer.deletion(project.normalized());
        if (gone.isEmpty()) {
          log.warn("{}: not in the mirror", project);
        }
        names.add(project.normalized());
        paths.addAll(gone);
      }
      if (!dryRun) {
        rootIndex.write(state.loadStatus(), Set.of(), names);
        remove(names);
      }
      return paths;
    }
  }

  private ProjectSync projectSync() {
    return new ProjectSync(upstream, storage, options, new Semaphore(options.workers()), stats, diff, claims, late);
  }

  /**
   * What a run of projects came to.
   *
   * @param failed projects to try again (kept in todo)
   * @param excluded projects a metadata filter refuses, for the removal guard
   * @param unavailable projects whose JSON API answered 404
   * @param synced projects now in step with upstream
   * @param gaveUp why the run stopped early: upstream stopped answering (null: it did not)
   */
  private record Run(
      Map<String, Long> failed, Map<String, Long> excluded, Map<String, Long> unavailable, Set<String> synced,
      UpstreamException gaveUp) {}

  /**
   * Runs the projects with {@code workers} concurrency. A failure of the mirror's own storage, or
   * an {@link Error} such as running out of memory, stops the run at once: what is left stays in
   * todo, and the failure is thrown once the workers have stopped.
   *
   * @param force sync even projects whose pages already carry the serial (filters changed, or
   *     the user named them)
   * @param keepTodo rewrite {@code todo} as projects finish, so a restart skips them
   */
  private Run run(Map<String, Long> projects, long target, boolean force, boolean keepTodo, Set<String> ageIn)
      throws IOException {
    stats.projectsTotal.set(projects.size());
    Map<String, Long> remaining = new ConcurrentHashMap<>(projects);
    Map<String, Long> failed = new ConcurrentHashMap<>();
    Map<String, Long> excluded = new ConcurrentHashMap<>();
    Map<String, Long> unavailable = new ConcurrentHashMap<>();
    Set<String> synced = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<RuntimeException> localFailure = new AtomicReference<>();
    AtomicReference<Error> fatal = new AtomicReference<>();
    AtomicReference<UpstreamException> gaveUp = new AtomicReference<>();
    AtomicInteger unreachableInARow = new AtomicInteger();
    int giveUpAfter = Math.max(UNREACHABLE_IN_A_ROW, 2 * options.workers());
    Semaphore slots = new Semaphore(options.workers());
    ProjectSync syncer = projectSync();
    Queue<Map.Entry<String, Long>> finished = new ConcurrentLinkedQueue<>();
    Thread saver = Thread.ofVirtual().start(() -> saveTodoPeriodically(target, remaining, failed, finished, keepTodo));
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Map.Entry<String, Long> entry : projects.entrySet()) {
        slots.acquireUninterruptibly();
        if (stop.get()) {
          slots.release();
          break;
        }
        String name = entry.getKey();
        pool.submit(
            () -> {
              boolean done = false;
              try {
                ProjectSync.Outcome outcome = syncOne(syncer, name, entry.getValue(), force, ageIn.contains(name));
                if (outcome instanceof ProjectSync.Outcome.Excluded) {
                  excluded.put(name, entry.getValue());
                } else if (outcome instanceof ProjectSync.Outcome.Unavailable u) {
                  if (!keepTodo) {
                    // Asked for by name (jubjub sync): a project upstream does not have is an error.
                    throw new ProjectFailedException(u.reason() + " (is the name right?)", null);
                  }
                  log.warn("{}; listed upstream, so kept as it is", u.reason());
                  unavailable.put(name, entry.getValue());
                } else {
                  synced.add(name);
                  if (outcome instanceof ProjectSync.Outcome.Synced s) {
                    rootIndex.pageWritten(name, s.serial());
                  } else if (outcome instanceof ProjectSync.Outcome.Quarantined q) {
                    rootIndex.pageWritten(name, q.serial()); // still listed: a status, not a removal
                  }
                }
                done = true;
                unreachableInARow.set(0);
              } catch (ProjectFailedException | IllegalArgumentException e) {
                // An IllegalArgumentException from a library (a sort's "Comparison method violates
                // its general contract!") knows nothing of the project: the log must name it.
                String message = String.valueOf(e.getMessage());
                projectFailed(name, message.contains(name) ? message : "project " + name + ": " + message, null, stop);
                Optional<UpstreamException> down = unreachable(e);
                if (down.isEmpty()) {
                  unreachableInARow.set(0);
                } else if (unreachableInARow.incrementAndGet() >= giveUpAfter && gaveUp.compareAndSet(null,
                    new UpstreamException(down.get().url(), "stopped answering: " + giveUpAfter
                        + " projects in a row could not reach it (" + e.getMessage() + "); the rest of the run"
                        + " waits in todo for the next one", down.get()))) {
                  stop.set(true);
                }
              } catch (StorageException e) {
                localFailure.compareAndSet(null, e);
                stop.set(true);
              } catch (RuntimeException e) {
                projectFailed(name, "project " + name + ": " + e, e, stop); // a bug: log its trace
              } catch (Error e) {
                fatal.compareAndSet(null, e);
                stop.set(true);
              } finally {
                // Anything that stops a project keeps it in todo, or it is lost until its serial
                // changes again.
                if (!done) {
                  failed.put(name, entry.getValue());
                } else if (!excluded.containsKey(name)) {
                  finished.add(Map.entry(name, entry.getValue()));
                }
                remaining.remove(name);
                stats.projectsDone.incrementAndGet();
                slots.release();
              }
            });
      }
    } finally {
      saver.interrupt();
      try {
        saver.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (stop.get()) {
      failed.putAll(remaining);
    }
    if (localFailure.get() != null || fatal.get() != null || gaveUp.get() != null) {
      // A stopped run: what is left waits in todo, and the caller removes nothing.
      if (keepTodo) {
        Map<String, Long> left = new LinkedHashMap<>(failed);
        left.putAll(excluded);
        state.saveTodo(target, left);
      }
      if (fatal.get() != null) {
        throw fatal.get();
      }
      if (localFailure.get() != null) {
        throw localFailure.get();
      }
    }
    late.flush(); // files the new pages no longer link
    return new Run(failed, excluded, unavailable, synced, gaveUp.get());
  }

  /**
   * The upstream failure under a project's failure when it is the connection's (refused, reset,
   * timed out, unknown host) rather than an answer's: after many in a row with no success between,
   * upstream is down, and retrying every remaining project would hold the lock for hours.
   */
  private static Optional<UpstreamException> unreachable(Exception e) {
    if (!(e.getCause() instanceof UpstreamException u) || u.status() != 0) {
      return Optional.empty();
    }
    for (Throwable t = u.getCause(); t != null; t = t.getCause()) {
      if (t instanceof java.net.SocketException || t instanceof java.net.SocketTimeoutException
          || t instanceof java.net.UnknownHostException) {
        return Optional.of(u);
      }
    }
    return Optional.empty();
  }

  /** A project failed: it stays in todo; with stop-on-error, no new project starts. */
  private void projectFailed(String name, String reason, Throwable trace, AtomicBoolean stop) {
    log.error("{}", reason, trace);
    stats.fail(name, reason);
    if (options.stopOnError()) {
      stop.set(true);
    }
  }

  /** @param ageIn only files waiting to age in are due: re-rendered from what the last sync kept */
  private ProjectSync.Outcome syncOne(ProjectSync syncer, String name, long serial, boolean force, boolean ageIn)
      throws ProjectFailedException {
    ProjectName project;
    try {
      project = ProjectName.of(name);
    } catch (IllegalArgumentException e) {
      throw new ProjectFailedException(e.getMessage(), e);
    }
    LinkedPages pages = new LinkedPages(storage, layout.simpleDirectory(project.normalized()));
    if (ageIn) {
      return syncer.ageIn(project, pages);
    }
    if (!force) {
      try {
        long local = pages.serial();
        if (local >= serial && serial > 0 && !syncer.quarantineUnfinished(project.normalized(), pages)) {
          log.debug("{}: pages already at serial {}", project, local);
          return new ProjectSync.Outcome.Synced(List.of(), local);
        }
      } catch (IOException e) {
        throw new StorageException(storage.describe(layout.simpleDirectory(project.normalized())), e);
      }
    }
    return syncer.sync(project, serial, pages);
  }

  /**
   * Notes finished projects every few seconds, so a restart skips them; when the notes pile up,
   * {@code todo} is rewritten with what is left instead.
   */
  private void saveTodoPeriodically(
      long target, Map<String, Long> remaining, Map<String, Long> failed, Queue<Map.Entry<String, Long>> finished,
      boolean keepTodo) {
    if (!keepTodo) {
      return;
    }
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(PENDING_SAVE_INTERVAL);
        Map<String, Long> done = new HashMap<>();
        for (Map.Entry<String, Long> e; (e = finished.poll()) != null; ) {
          done.put(e.getKey(), e.getValue());
        }
        if (state.saveProgress(done) > MAX_PROGRESS_NOTES) {
          Map<String, Long> left = new LinkedHashMap<>(failed);
          left.putAll(remaining);
          state.saveTodo(target, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        log.warn("Cannot note progress in {}: {}", storage.describe(MirrorState.PROGRESS), e.getMessage());
      }
    }
  }
}
