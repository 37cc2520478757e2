package dev.jubjub.sync;

import dev.jubjub.store.MirrorLayout;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.pypi.MetadataException;
import dev.jubjub.pypi.ProjectMetadata;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.store.LockHeldException;
import dev.jubjub.store.Storage;
import dev.jubjub.upstream.HeapBudget;
import dev.jubjub.upstream.Upstream;
import dev.jubjub.upstream.UpstreamException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code jubjub verify}: every project in the tree is checked against upstream's metadata, every
 * file re-hashed; missing or corrupt files are fetched again and missing pages rewritten (through
 * the same {@link ProjectSync} a sync uses, with compare-method hash), and files under {@code
 * web/packages} that no project links are listed, or removed with {@code --delete}.
 */
public final class Verifier {
  private static final Logger log = LoggerFactory.getLogger(Verifier.class);
  private final Upstream upstream;
  private final Storage storage;
  private final SyncOptions options;
  private final java.util.function.Predicate<String> confirm;
  private final MirrorLayout layout;
  private final SyncStats stats = new SyncStats();
  private final Set<String> unowned = new TreeSet<>();

  public Verifier(Upstream upstream, Storage storage, SyncOptions options) {
    this(upstream, storage, options, false, question -> false);
  }

  /**
   * @param confirm asked before more unowned files are deleted than owned ones are left (--force
   *     says yes)
   * @param readEveryByte re-hash what an object store recorded a sha256 for too (a local file
   *     system records none, so there every file is read anyway)
   */
  public Verifier(Upstream upstream, Storage storage, SyncOptions options, boolean readEveryByte,
      java.util.function.Predicate<String> confirm) {
    this.confirm = confirm;
    this.upstream = upstream;
    this.storage = storage;
    this.options = options.withCompareMethod(
        readEveryByte ? SyncOptions.CompareMethod.READ : SyncOptions.CompareMethod.HASH);
    this.layout = new MirrorLayout(options.hashIndex());
  }

  public SyncStats stats() {
    return stats;
  }

  /** Unowned files found (all of them, sorted); with delete they are gone already. */
  public Set<String> unowned() {
    return unowned;
  }

  public SyncStats run(boolean delete, boolean dryRun) throws IOException, LockHeldException {
    try (Storage.Lock lock = storage.lock()) {
      storage.sync();
      Set<String> owned = ConcurrentHashMap.newKeySet();
      Set<String> quarantined = ConcurrentHashMap.newKeySet();
      DiffList diff = new DiffList(false);
      ProjectSync syncer = new ProjectSync(
          upstream, storage, options, new Semaphore(options.workers()), stats, diff, new PathClaims(),
          new LateDeletes(storage));
      List<String> projects = localProjects(syncer, dryRun);
      stats.projectsTotal.set(projects.size());
      AtomicReference<Error> fatal = new AtomicReference<>();
      FileChecker checker = new FileChecker(storage, options.compareMethod());
      Semaphore slots = new Semaphore(options.workers());
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        for (String name : projects) {
          slots.acquireUninterruptibly();
          if (fatal.get() != null) {
            slots.release();
            break;
          }
          pool.submit(() -> {
            try {
              ProjectName project = upstreamName(name);
              ProjectSync.Outcome outcome = dryRun ? null : syncer.sync(project, 0);
              if (outcome instanceof ProjectSync.Outcome.Quarantined) {
                quarantined.add(name);
              }
              List<DistFile> files = dryRun ? check(checker, project) : filesOf(outcome);
              if (files.isEmpty()) {
                // Gone upstream but kept (delete-packages off): its pages still link its files.
                owned.addAll(keepLinked(name));
              }
              for (DistFile f : files) {
                owned.add(MirrorLayout.packageFile(f));
                if (f.hasCoreMetadata() && options.coreMetadata()) {
                  owned.add(MirrorLayout.coreMetadataFile(f));
                }
              }
            } catch (ProjectFailedException | IOException | RuntimeException e) {
              log.error("{}", e.getMessage());
              stats.fail(name, e.getMessage());
              owned.addAll(keepLinked(name));
            } catch (Error e) {
              fatal.compareAndSet(null, e);
            } finally {
              stats.projectsDone.incrementAndGet();
              slots.release();
            }
          });
        }
      }
      if (fatal.get() != null) {
        throw fatal.get();
      }
      syncer.flushLateDeletes();
      sweep("web/packages", owned);
      held(quarantined, delete && !dryRun);
      if (delete && !dryRun && !unowned.isEmpty()) {
        // A wrong config (another directory, hash-index off for a hashed tree) finds no projects
        // and would call every file unowned: refuse rather than empty the mirror.
        if (unowned.size() > owned.size() && !confirm.test("verify --delete would remove " + unowned.size()
            + " unowned files, more than the " + owned.size() + " owned ones")) {
          throw new FilterConfirmationException("refusing to delete " + unowned.size() + " unowned files when only "
              + owned.size() + " are owned: a wrong directory or hash-index in the config makes every file look"
              + " unowned; if they are the leftovers of a run that dropped many releases, run again with --force");
        }
        for (String path : unowned) {
          long size = storage.stat(path).map(Storage.FileInfo::size).orElse(0L);
          if (storage.delete(path)) {
            stats.filesDeleted.incrementAndGet();
            stats.bytesFreed.addAndGet(size);
          }
        }
      }
      if (!dryRun) {
        new RootIndexWriter(storage, layout, options.simpleFormat()).write(new MirrorState(storage).loadStatus());
      }
      return stats;
    }
  }

  /**
   * Files held for quarantined projects ({@link Quarantine}) are reported; with {@code --delete},
   * those of projects that are still quarantined upstream are deleted: that is how a mirror frees
   * them. Held files of a project this run could not check are kept.
   */
  private void held(Set<String> quarantined, boolean delete) throws IOException {
    Quarantine quarantine = new Quarantine(storage);
    for (String project : quarantine.projects()) {
      int count = quarantine.heldPaths(project).size();
      if (delete && quarantined.contains(project)) {
        int dropped = quarantine.drop(project).size();
        stats.filesDeleted.addAndGet(dropped);
        log.warn("{}: quarantined upstream: deleted its {} held files", project, dropped);
      } else {
        log.info("{}: {} files held outside web/ while the project is quarantined{}", project, count,
            quarantined.contains(project) ? " (verify --delete deletes them)" : "");
      }
    }
  }

  /** The files a sync left linked; none when it kept the project as it was. */
  private static List<DistFile> filesOf(ProjectSync.Outcome outcome) {
    return outcome instanceof ProjectSync.Outcome.Synced synced ? synced.files() : List.of();
  }

  /** Dry run: what a repair would do (with the filters a repair applies), without writing anything. */
  private List<DistFile> check(FileChecker checker, ProjectName name) throws ProjectFailedException, IOException {
    List<DistFile> files;
    try (HeapBudget.Lease heap = HeapBudget.PROCESS.lease()) {
      ProjectMetadata project = upstream.project(name, 0, options.coreMetadata(), heap);
      if (!options.filters().allowsMetadata(project)) {
        return List.of();
      }
      files = options.filters().apply(project).files();
    } catch (UpstreamException | MetadataException e) {
      throw new ProjectFailedException("project " + name + ": " + e.getMessage(), e);
    }
    for (DistFile f : files) {
      if (checker.isCurrent(MirrorLayout.packageFile(f), f)) {
        stats.filesCurrent.incrementAndGet();
      } else {
        log.info("{}: {} is missing or corrupt (would be fetched again)", name, f.filename());
        stats.filesDownloaded.incrementAndGet();
      }
    }
    return files;
  }

  /** A project that could not be checked keeps every file its pages link. */
  private Set<String> keepLinked(String name) {
    Set<String> linked = new TreeSet<>();
    try {
      for (String dir : layout.directories(ProjectName.normalize(name))) {
        for (String f : new LinkedPages(storage, dir).linkedFiles()) {
          linked.add(f);
          linked.add(f + ".metadata");
        }
      }
      for (String f : new WaitingFiles(storage).packageFiles(ProjectName.normalize(name))) {
        linked.add(f);
        linked.add(f + ".metadata");
      }
    } catch (IOException | RuntimeException e) {
      log.warn("{}: cannot read its pages: {}", name, e.getMessage());
    }
    return linked;
  }

  /**
   * A PEP 740 provenance object belongs to the file it sits beside (pages name no hash for it), and
   * is not counted among the owned files the delete guard weighs.
   */
  private static boolean provenanceOfOwned(String path, Set<String> owned) {
    return path.endsWith(".provenance") && owned.contains(path.substring(0, path.length() - ".provenance".length()));
  }

  /** Collects the files under {@code dir} that no project owns. */
  private void sweep(String dir, Set<String> owned) throws IOException {
    for (Storage.Entry entry : storage.list(dir)) {
      String path = dir + "/" + entry.name();
      if (entry.directory()) {
        sweep(path, owned);
      } else if (!owned.contains(path) && !provenanceOfOwned(path, owned)) {
        unowned.add(path);
        stats.filesUnowned.incrementAndGet();
      }
    }
  }

  /**
   * The project's name as upstream spells it, from {@code info.name} of the mirror's JSON API
   * copy: upstream redirects any other spelling, one more request per project. The normalized
   * name when there is no copy ({@code json = false}) or it names another project.
   */
  private ProjectName upstreamName(String normalized) {
    String path = MirrorLayout.jsonFile(normalized);
    try {
      if (storage.stat(path).isPresent()) {
        try (InputStream in = storage.open(path);
            JsonParser p = JsonApiParser.MAPPER.getFactory().createParser(in)) {
          String name = infoName(p);
          if (name != null && ProjectName.isValid(name) && ProjectName.normalize(name).equals(normalized)) {
            return ProjectName.of(name);
          }
        }
      }
    } catch (IOException e) {
      log.debug("{}: unreadable JSON copy, using the normalized name: {}", normalized, e.getMessage());
    }
    return ProjectName.of(normalized);
  }

  /** {@code info.name} read with the streaming parser; the copy's keys are sorted, info first. */
  private static String infoName(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      boolean info = p.currentName().equals("info");
      if (p.nextToken() == JsonToken.START_OBJECT && info) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          boolean name = p.currentName().equals("name");
          if (p.nextToken() == JsonToken.VALUE_STRING && name) {
            return p.getText();
          }
          p.skipChildren();
        }
        return null;
      }
      p.skipChildren();
    }
    return null;
  }

  /**
   * Normalized names of the projects with pages (in either layout: a repair first moves pages to
   * the one hash-index asks for), a JSON copy in the tree or files waiting to age in.
   */
  private List<String> localProjects(ProjectSync syncer, boolean dryRun) throws IOException {
    RootIndexWriter.Found found = new RootIndexWriter(storage, layout, options.simpleFormat()).scan();
    Set<String> names = new TreeSet<>(found.projects());
    names.addAll(found.strays());
    if (!dryRun && !found.strays().isEmpty()) {
      syncer.moveFromOtherLayout(found.strays());
    }
    for (Storage.Entry e : storage.list("web/json")) {
      if (!e.directory() && ProjectName.isValid(e.name())) {
        names.add(ProjectName.normalize(e.name()));
      }
    }
    // A project whose first sync stopped after its files waiting to age in were recorded, before its pages.
    names.addAll(new WaitingFiles(storage).projects());
    return new ArrayList<>(names);
  }
}
