package dev.jubjub.sync;

import dev.jubjub.filter.Filters;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.store.LockHeldException;
import dev.jubjub.store.Storage;
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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
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
  /** How often the todo file is rewritten with what is left, so a restart skips finished work. */
  private static final Duration PENDING_SAVE_INTERVAL = Duration.ofSeconds(5);
  static final double MAX_UPSTREAM_REMOVALS_SHARE = 0.05;

  private final Upstream upstream;
  private final Storage storage;
  private final SyncOptions options;
  private final MirrorState state;
  private final MirrorLayout layout;
  private final RootIndexWriter rootIndex;
  private final SyncStats stats = new SyncStats();
  private final DiffList diff = new DiffList();
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
    this.state = new MirrorState(storage);
    this.layout = new MirrorLayout(options.hashIndex());
    this.rootIndex = new RootIndexWriter(storage, layout, options.simpleFormat());
  }

  /** Live counters, for progress display. */
  public SyncStats stats() {
    return stats;
  }

  public SyncStats mirror() throws IOException, UpstreamException, LockHeldException {
    try (Storage.Lock lock = storage.lock()) {
      long status = state.loadStatus();
      Listing listing = upstream.listProjects();
      Filters filters = options.filters();
      boolean filtersChanged = !state.loadFilterFingerprint().equals(filters.fingerprint());
      if (filtersChanged && status > 0) {
        log.info("The filter configuration changed: every project is checked again");
      }
      List<String> local = rootIndex.projects();
      Plan plan = Plan.make(status, state.loadTodo(), listing, local, options.deletePackages(),
          filters::allowsProject, filtersChanged && status > 0);
      log.info(
          "Mirror at serial {}; upstream at {}; {} projects to sync, {} to remove",
          status, plan.targetSerial(), plan.toSync().size(), plan.toRemove().size());
      List<String> toRemove = guardRemovals(plan, listing, local.size());
      confirmIfFiltersExcludeEverything(listing, filters);
      state.saveTodo(plan.targetSerial(), plan.toSync());
      Map<String, Long> failed = run(plan.toSync(), plan.targetSerial(), filtersChanged, true);
      for (String gone : toRemove) {
        projectSync().delete(gone);
      }
      boolean changed = !plan.toSync().isEmpty() || !plan.toRemove().isEmpty() || status == 0;
      if (changed || storage.stat(MirrorLayout.SIMPLE + "/index.html").isEmpty()) {
        Set<String> changedNames = new HashSet<>();
        plan.toSync().keySet().forEach(n -> changedNames.add(ProjectName.normalize(n)));
        rootIndex.write(plan.targetSerial(), changedNames);
      }
      if (failed.isEmpty()) {
        state.saveStatus(plan.targetSerial());
        state.saveFilterFingerprint(filters.fingerprint());
        state.clearTodo();
      } else {
        // Failed projects stay in todo: the next run retries them before moving status on.
        state.saveTodo(plan.targetSerial(), failed);
      }
      new DiffFileWriter(options).write(diff);
      return stats;
    }
  }

  /**
   * Removals because upstream no longer lists a project are refused when they would take more
   * than {@link #MAX_UPSTREAM_REMOVALS_SHARE} of the mirror at once: a broken or truncated listing
   * must not empty a mirror. Removals the filters ask for always go ahead.
   */
  private List<String> guardRemovals(Plan plan, Listing listing, int local) {
    List<String> goneUpstream = plan.toRemove().stream().filter(n -> !listing.projects().containsKey(n)).toList();
    if (goneUpstream.size() > 100 && goneUpstream.size() > local * MAX_UPSTREAM_REMOVALS_SHARE) {
      log.error("Upstream no longer lists {} of {} local projects; not removing them (a broken listing?)",
          goneUpstream.size(), local);
      return plan.toRemove().stream().filter(listing.projects()::containsKey).toList();
    }
    return plan.toRemove();
  }

  /**
   * A filter that lets no project through is almost always a mistake (a typo in an allowlist)
   * that would delete the whole mirror: it needs the user's yes.
   */
  private void confirmIfFiltersExcludeEverything(Listing listing, Filters filters) throws IOException {
    if (listing.projects().isEmpty() || filters.isEmpty()) {
      return;
    }
    boolean anyAllowed = listing.projects().keySet().stream().anyMatch(filters::allowsProject);
    if (anyAllowed) {
      return;
    }
    String question = "The filters exclude all " + listing.projects().size()
        + " upstream projects; the mirror would be emptied";
    if (!confirm.test(question)) {
      throw new FilterConfirmationException(question + ". Check [plugins] and the filter sections,"
          + " or run again with --force.");
    }
  }

  /** Syncs the given projects now; does not touch {@code status}. */
  public SyncStats sync(List<ProjectName> projects) throws IOException, LockHeldException {
    try (Storage.Lock lock = storage.lock()) {
      long status = state.loadStatus();
      Map<String, Long> todo = new LinkedHashMap<>();
      projects.forEach(p -> todo.put(p.display(), 0L));
      run(todo, 0, true, false);
      rootIndex.write(status, projects.stream().map(ProjectName::normalized).collect(Collectors.toSet()));
      new DiffFileWriter(options).write(diff);
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
      ProjectSync syncer = projectSync();
      List<String> paths = new ArrayList<>();
      for (ProjectName project : projects) {
        List<String> gone = dryRun ? syncer.deletion(project.normalized()) : syncer.delete(project.normalized());
        if (gone.isEmpty()) {
          log.warn("{}: not in the mirror", project);
        }
        paths.addAll(gone);
      }
      if (!dryRun) {
        rootIndex.write(state.loadStatus(), Set.of());
      }
      return paths;
    }
  }

  private ProjectSync projectSync() {
    return new ProjectSync(upstream, storage, options, new Semaphore(options.workers()), stats, diff);
  }

  /**
   * Runs the projects with {@code workers} concurrency; returns the ones that failed.
   *
   * @param force sync even projects whose pages already carry the serial (filters changed, or
   *     the user named them)
   * @param keepTodo rewrite {@code todo} as projects finish, so a restart skips them
   */
  private Map<String, Long> run(Map<String, Long> projects, long target, boolean force, boolean keepTodo)
      throws IOException {
    stats.projectsTotal.set(projects.size());
    Map<String, Long> remaining = new ConcurrentHashMap<>(projects);
    Map<String, Long> failed = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    Semaphore slots = new Semaphore(options.workers());
    ProjectSync syncer = projectSync();
    Thread saver = Thread.ofVirtual().start(() -> saveTodoPeriodically(target, remaining, failed, keepTodo));
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Map.Entry<String, Long> entry : projects.entrySet()) {
        slots.acquireUninterruptibly();
        if (stop.get()) {
          slots.release();
          break;
        }
        pool.submit(
            () -> {
              try {
                syncOne(syncer, entry.getKey(), entry.getValue(), force);
              } catch (ProjectFailedException | RuntimeException | Error e) {
                // Anything at all that stops a project must keep it in todo, or it is lost
                // until its serial changes again.
                String reason;
                if (e instanceof ProjectFailedException) {
                  reason = e.getMessage();
                  log.error("{}", reason);
                } else {
                  reason = "project " + entry.getKey() + ": " + e;
                  log.error("{}", reason, e);
                }
                stats.fail(entry.getKey(), reason);
                failed.put(entry.getKey(), entry.getValue());
                if (options.stopOnError()) {
                  stop.set(true);
                }
              } finally {
                remaining.remove(entry.getKey());
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
    return failed;
  }

  private void syncOne(ProjectSync syncer, String name, long serial, boolean force)
      throws ProjectFailedException {
    ProjectName project;
    try {
      project = ProjectName.of(name);
    } catch (IllegalArgumentException e) {
      throw new ProjectFailedException(e.getMessage(), e);
    }
    if (!force) {
      try {
        long local = new LinkedPages(storage, layout.simpleDirectory(project.normalized())).serial();
        if (local >= serial && serial > 0) {
          log.debug("{}: pages already at serial {}", project, local);
          return;
        }
      } catch (IOException | RuntimeException e) {
        log.debug("{}: unreadable local pages, syncing: {}", project, e.getMessage());
      }
    }
    syncer.sync(project, serial);
  }

  private void saveTodoPeriodically(
      long target, Map<String, Long> remaining, Map<String, Long> failed, boolean keepTodo) {
    if (!keepTodo) {
      return;
    }
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(PENDING_SAVE_INTERVAL);
        Map<String, Long> left = new LinkedHashMap<>(failed);
        left.putAll(remaining);
        state.saveTodo(target, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        log.warn("Cannot update {}: {}", storage.describe(MirrorLayout.PENDING), e.getMessage());
      }
    }
  }
}
