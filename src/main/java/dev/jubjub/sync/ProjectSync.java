package dev.jubjub.sync;

import dev.jubjub.store.MirrorLayout;
import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.DistFilename;
import dev.jubjub.pypi.MetadataException;
import dev.jubjub.pypi.ProjectMetadata;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.store.Storage;
import dev.jubjub.store.StorageException;
import dev.jubjub.upstream.HeapBudget;
import dev.jubjub.upstream.Upstream;
import dev.jubjub.upstream.UpstreamException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Syncs one project: metadata, then every missing file (verified before it becomes visible), then
 * the pages that link them, then removal of files the new pages no longer link. A crash at any
 * point leaves the old pages, which link only files that are still there.
 */
final class ProjectSync {
  private static final Logger log = LoggerFactory.getLogger(ProjectSync.class);
  /** One line per project synced or removed, which a progress bar's terminal leaves out. */
  private static final Logger projectLog = LoggerFactory.getLogger(Mirror.PROJECT_LOG);
  private final Upstream upstream;
  private final Storage storage;
  private final SyncOptions options;
  private final MirrorLayout layout;
  private final Semaphore downloads;
  private final SyncStats stats;
  private final FileChecker checker;
  /** Size and time: what an age-in checks of files an earlier sync of the project verified. */
  private final FileChecker quickChecker;
  private final DiffList diff;
  private final PageWriter writer;
  private final PathClaims claims;
  private final LateDeletes late;
  private final WaitingFiles waiting;

  /** @param late where the files that pages no longer link are deleted (the caller flushes it) */
  ProjectSync(
      Upstream upstream,
      Storage storage,
      SyncOptions options,
      Semaphore downloads,
      SyncStats stats,
      DiffList diff,
      PathClaims claims,
      LateDeletes late) {
    this.upstream = upstream;
    this.storage = storage;
    this.options = options;
    this.layout = new MirrorLayout(options.hashIndex());
    this.downloads = downloads;
    this.stats = stats;
    this.checker = new FileChecker(storage, options.compareMethod());
    this.quickChecker = new FileChecker(storage, SyncOptions.CompareMethod.STAT);
    this.diff = diff;
    this.writer = new PageWriter(storage, options, layout, diff, stats);
    this.claims = claims;
    this.late = late;
    this.waiting = new WaitingFiles(storage);
  }

  /** What syncing a project came to. */
  sealed interface Outcome {
    /** The pages now link these files. */
    /** @param serial the serial the project's pages now carry */
    record Synced(List<DistFile> files, long serial) implements Outcome {}

    /** A metadata filter refuses the project: its removal is decided with all others, at the end. */
    record Excluded() implements Outcome {}

    /** Listed upstream, but its JSON API answers 404: kept as it is, not removed. */
    record Unavailable(String reason) implements Outcome {}
  }

  /**
   * Brings the project up to at least {@code serial}. Never removes the project: removals of every
   * kind are decided by the caller at the end of a run, past one guard.
   *
   * @throws StorageException when the mirror's own storage fails: the run must stop
   */
  Outcome sync(ProjectName name, long serial) throws ProjectFailedException {
    return sync(name, serial, new LinkedPages(storage, layout.simpleDirectory(name.normalized())));
  }

  /** @param pages the project's current pages, as the caller may already have read them */
  Outcome sync(ProjectName name, long serial, LinkedPages pages) throws ProjectFailedException {
    try (HeapBudget.Lease heap = HeapBudget.PROCESS.lease()) {
      return sync(name, serial, heap, pages);
    }
  }

  /** @param heap held until the pages are written: the parsed document lives that long */
  private Outcome sync(ProjectName name, long serial, HeapBudget.Lease heap, LinkedPages pages)
      throws ProjectFailedException {
    ProjectMetadata project;
    try {
      project = upstream.project(name, serial, options.coreMetadata(), heap);
    } catch (UpstreamException e) {
      if (e.notFound()) {
        return new Outcome.Unavailable("project " + name + ": " + e.getMessage());
      }
      throw new ProjectFailedException("project " + name + ": " + e.getMessage(), e);
    } catch (MetadataException e) {
      throw new ProjectFailedException(e.getMessage(), e);
    }
    return syncFrom(name, project, pages, false);
  }

  /**
   * Re-renders a project some of whose waiting files are now old enough ({@code min-release-age}),
   * from the document it was last synced from: no upstream request, unless a file is missing or
   * the document cannot be read (then the project is synced from upstream).
   */
  Outcome ageIn(ProjectName name, LinkedPages pages) throws ProjectFailedException {
    try (HeapBudget.Lease heap = HeapBudget.PROCESS.lease()) {
      Optional<ProjectMetadata> kept;
      long serial;
      try {
        kept = waiting.load(name);
        serial = pages.serial();
      } catch (IOException e) {
        throw new StorageException("project " + name + ": " + storage.describe(WaitingFiles.DIRECTORY), e);
      }
      if (kept.isEmpty()) {
        return sync(name, 0, heap, pages);
      }
      ProjectMetadata project = kept.get();
      if (serial > project.lastSerial()) {
        // Upstream's header serial may be above the document's own: the pages keep the higher one.
        project = new ProjectMetadata(project.name(), serial, project.releases(), project.json());
      }
      return syncFrom(name, project, pages, true);
    }
  }

  /**
   * Filters, downloads what is missing, writes the pages, drops what they no longer link.
   *
   * @param ageIn a re-render for files that aged in: the files an earlier sync verified are
   *     checked by size and time only, so that showing them costs no re-reading of every byte
   */
  private Outcome syncFrom(ProjectName name, ProjectMetadata project, LinkedPages pages, boolean ageIn)
      throws ProjectFailedException {
    if (!options.filters().allowsMetadata(project)) {
      projectLog.info("{}: excluded by a metadata filter", name);
      return new Outcome.Excluded();
    }
    project = options.filters().apply(project);
    List<DistFile> files = project.files();
    String dir = layout.simpleDirectory(name.normalized());
    try {
      Set<String> before = pages.linkedFiles();
      // Files waiting to age in are the project's own: kept while listed, dropped when upstream drops them.
      before.addAll(waiting.packageFiles(name.normalized()));
      Map<String, Boolean> known = claim(name, files, before);
      if (ageIn && options.releaseFiles()) {
        for (DistFile file : files) {
          String path = MirrorLayout.packageFile(file);
          if (before.contains(path)) {
            known.putIfAbsent(path, quickChecker.isCurrent(path, file));
          }
        }
      }
      if (options.releaseFiles()) {
        AtomicBoolean wrote = new AtomicBoolean();
        Set<String> withoutMetadata = fetchAll(name, files, known, before, wrote);
        if (wrote.get()) {
          storage.sync(); // the files are durable before a page links them
        }
        if (!withoutMetadata.isEmpty()) {
          files = files.stream()
              .map(f -> withoutMetadata.contains(f.filename()) ? f.withoutCoreMetadata() : f)
              .toList();
        }
      }
      ReleaseAge.Split shown = options.releaseAge().split(project, files);
      if (shown.agesIn().isPresent()) {
        if (options.coreMetadata()) {
          PageWriter.describeCoreMetadata(project.json(), files);
        }
        waiting.save(project, shown.agesIn().get()); // before the pages that hide the files
      }
      writer.write(shown.visible(), shown.files(), dir);
      if (shown.agesIn().isEmpty()) {
        waiting.clear(name.normalized()); // only once the pages show every file
      }
      Set<String> after =
          files.stream().map(MirrorLayout::packageFile).collect(Collectors.toSet());
      int dropped = 0;
      for (String stale : before) {
        if (!after.contains(stale) && !linkedByOther(stale, name.normalized())) {
          late.delete(writer, stale);
          late.delete(writer, stale + ".metadata");
          dropped++;
        }
      }
      long added = after.stream().filter(f -> !before.contains(f)).count();
      stats.changed(name.normalized());
      projectLog.info("{}: synced at serial {}: {} files linked, {} new, {} dropped{}", name, project.lastSerial(),
          shown.files().size(), added, dropped, shown.agesIn().isEmpty() ? ""
              : ", " + (files.size() - shown.files().size()) + " waiting until " + shown.agesIn().get());
      return new Outcome.Synced(files, project.lastSerial());
    } catch (IOException e) {
      throw new StorageException("project " + name + ": " + storage.describe(dir), e);
    }
  }

  /**
   * Whether another project links this package file: claimed by one in this run, or linked by the
   * pages of the project its file name names (a hostile or renamed project listing another's
   * file). The common case, a file named after its own project, costs no I/O.
   */
  private boolean linkedByOther(String path, String project) throws IOException {
    if (claims.claimedByOther(path, project)) {
      return true;
    }
    Optional<DistFilename> parsed = DistFilename.tryParse(path.substring(path.lastIndexOf('/') + 1));
    if (parsed.isEmpty() || !ProjectName.isValid(parsed.get().project())) {
      return false;
    }
    String owner = ProjectName.normalize(parsed.get().project());
    return !owner.equals(project)
        && new LinkedPages(storage, layout.simpleDirectory(owner)).linkedFiles().contains(path);
  }

  /**
   * A path under {@code packages/} belongs to one file with one hash. A second project (or a
   * second file of this one) claiming it with other bytes, or a file already there with other
   * bytes that this project's pages do not link, would overwrite or later delete a file someone
   * else links: that project fails, loudly, and nothing is written.
   *
   * @return what was learnt of the unlinked files, so that the download step does not ask the
   *     storage again (on an object store each question is a request): true for a file already
   *     there and current, false for one that is not there
   */
  private Map<String, Boolean> claim(ProjectName name, List<DistFile> files, Set<String> linked)
      throws ProjectFailedException, IOException {
    Map<String, Boolean> known = new HashMap<>();
    for (DistFile file : files) {
      String path = MirrorLayout.packageFile(file);
      String conflict = claims.claim(path, name.normalized(), file.sha256());
      if (conflict == null && options.releaseFiles() && !linked.contains(path)) {
        if (storage.stat(path).isEmpty()) {
          known.put(path, false);
        } else if (checker.isCurrent(path, file)) {
          known.put(path, true);
        } else {
          conflict = "a different file already in the mirror that this project does not link";
        }
      }
      if (conflict != null) {
        throw new ProjectFailedException("project " + name + ": file " + file.filename()
            + ": path " + storage.describe(path) + " is also claimed by " + conflict, null);
      }
    }
    return known;
  }

  /** Deletes the files whose deletion waits for serving nodes ({@link LateDeletes}). */
  void flushLateDeletes() throws IOException {
    late.flush();
  }

  /**
   * Removes a project: pages first, so nothing ever links a file that is already gone.
   *
   * @return the paths removed; empty when the project was not in the tree
   */
  List<String> delete(String normalized) throws IOException {
    List<String> paths = deletion(normalized);
    if (paths.isEmpty()) {
      return paths;
    }
    for (String path : paths) {
      String file = path.endsWith(".metadata") ? path.substring(0, path.length() - ".metadata".length()) : path;
      if (file.startsWith("web/packages/") && linkedByOther(file, normalized)) {
        log.warn("{}: keeping {}, which another project's pages also link", normalized, storage.describe(path));
        continue;
      }
      if (path.startsWith(MirrorLayout.SIMPLE + "/")) {
        writer.delete(path);
      } else {
        late.delete(writer, path); // files and the JSON copy, in their order, after the pages
      }
    }
    stats.projectsRemoved.incrementAndGet();
    stats.changed(normalized);
    projectLog.info("{}: removed from the mirror ({} paths)", normalized, paths.size());
    return paths;
  }

  /**
   * Moves these projects' pages from the layout {@code hash-index} no longer uses to this one. A
   * page is the same in both (clients always ask {@code /simple/<project>/}), so nothing is
   * fetched: kept versions first, then the pages, {@code index.v1_json} last (a run reads the
   * serial from it); one barrier makes all the copies durable, then the old pages go. A page
   * already at its new place is left as it is: a run killed midway copied it, or a sync wrote a
   * newer one.
   */
  void moveFromOtherLayout(Collection<String> projects) throws IOException {
    List<String> old = new ArrayList<>();
    for (String normalized : projects) {
      String from = layout.otherDirectory(normalized);
      String to = layout.simpleDirectory(normalized);
      List<String> pages = pages(from);
      for (String page : pages.reversed()) {
        String target = to + page.substring(from.length());
        if (storage.stat(page).isPresent() && storage.stat(target).isEmpty()) {
          writer.copy(page, target);
        }
      }
      old.addAll(pages);
    }
    storage.sync(); // the new pages are durable before the old ones go
    for (String page : old) {
      writer.delete(page);
    }
  }

  /**
   * A page directory's pages and kept versions ({@code index_<serial>_<time>.<ext>}), whether or
   * not they exist. Nothing else: with hash-index, {@code web/simple/v/versions/} is the pages of
   * a project named "versions", not project "v"'s kept versions.
   */
  private List<String> pages(String dir) throws IOException {
    List<String> paths = new ArrayList<>();
    for (String page : List.of("index.v1_json", "index.v1_html", "index.html")) {
      paths.add(dir + "/" + page);
    }
    for (Storage.Entry v : storage.list(dir + "/versions")) {
      if (!v.directory() && v.name().startsWith("index_")) {
        paths.add(dir + "/versions/" + v.name());
      }
    }
    return paths;
  }

  /**
   * What removing a project deletes, listing only what exists: pages first (in both layouts:
   * hash-index may have been switched since they were written), so nothing ever links a missing
   * file; then the files; the JSON copies last, as they name the files when a removal stopped
   * after the pages went.
   */
  List<String> deletion(String normalized) throws IOException {
    List<String> paths = new ArrayList<>();
    Set<String> files = new LinkedHashSet<>();
    for (String dir : layout.directories(normalized)) {
      paths.addAll(pages(dir));
      files.addAll(new LinkedPages(storage, dir).linkedFiles());
    }
    if (files.isEmpty()) {
      files.addAll(LinkedPages.filesInJsonCopy(storage, normalized));
    }
    files.addAll(waiting.packageFiles(normalized));
    for (String file : files) {
      paths.add(file);
      paths.add(file + ".metadata");
    }
    paths.add(MirrorLayout.jsonFile(normalized));
    paths.add(MirrorLayout.pypiJsonFile(normalized));
    paths.addAll(waiting.paths(normalized)); // last: it names the waiting files
    List<String> existing = new ArrayList<>();
    for (String path : paths) {
      if (storage.stat(path).isPresent()) {
        existing.add(path);
      }
    }
    return existing;
  }

  /**
   * Downloads what is missing or wrong.
   *
   * @return names of files whose PEP 658 metadata file upstream does not have (404): their pages
   *     do not advertise one
   */
  private Set<String> fetchAll(
      ProjectName name, List<DistFile> files, Map<String, Boolean> known, Set<String> linked, AtomicBoolean wrote)
      throws ProjectFailedException {
    List<Future<?>> tasks = new ArrayList<>();
    Set<String> withoutMetadata = ConcurrentHashMap.newKeySet();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (DistFile file : files) {
        String path = MirrorLayout.packageFile(file);
        tasks.add(pool.submit(() -> fetchOne(name, file, known.get(path), linked.contains(path),
            withoutMetadata, wrote)));
      }
    }
    ProjectFailedException failure = null;
    for (Future<?> task : tasks) {
      try {
        task.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof StorageException local) {
          throw local;
        }
        if (e.getCause() instanceof Error fatal) {
          throw fatal;
        }
        if (failure == null) {
          failure = e.getCause() instanceof ProjectFailedException p
              ? p
              : new ProjectFailedException("project " + name + ": " + e.getCause(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ProjectFailedException("project " + name + ": interrupted", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return withoutMetadata;
  }

  /** @param linked the project's pages link it already: fetching it again is a repair, and said */
  /** @param known whether the file is there and current, when the claim found out; else null */
  private Void fetchOne(ProjectName name, DistFile file, Boolean known, boolean linked,
      Set<String> withoutMetadata, AtomicBoolean wrote) throws Exception {
    String path = MirrorLayout.packageFile(file);
    downloads.acquire();
    try {
      if (known != null ? known : checker.isCurrent(path, file)) {
        stats.filesCurrent.incrementAndGet();
      } else {
        if (linked) {
          log.info("{}: {} was missing or did not match its sha256: fetching it again", name, storage.describe(path));
        }
        long bytes = upstream.download(file, new StorageSink(storage, path, FileChecker.attributes(file)));
        wrote.set(true);
        stats.filesDownloaded.incrementAndGet();
        stats.bytesDownloaded.addAndGet(bytes);
        diff.add(storage.describe(path));
      }
      if (file.hasCoreMetadata() && options.coreMetadata()) {
        String metadata = MirrorLayout.coreMetadataFile(file);
        if (!checker.hashMatches(metadata, file.coreMetadataSha256().get())) {
          if (linked) {
            log.info("{}: {} was missing or did not match its sha256: fetching it again", name,
                storage.describe(metadata));
          }
          try {
            stats.bytesDownloaded.addAndGet(upstream.downloadCoreMetadata(file,
                new StorageSink(storage, metadata, new Storage.Attributes(null, file.coreMetadataSha256().get()))));
            stats.metadataDownloaded.incrementAndGet();
            wrote.set(true);
            diff.add(storage.describe(metadata));
          } catch (UpstreamException e) {
            if (!e.notFound()) {
              // A transient failure: the project is retried, rather than marked synced without it.
              throw e;
            }
            // Upstream advertises a file it does not have: the page will not advertise it either.
            log.warn("project {}: file {}: no core metadata: {}", name, file.filename(), e.getMessage());
            withoutMetadata.add(file.filename());
          }
        }
      }
      return null;
    } catch (UpstreamException | IllegalArgumentException e) {
      // IllegalArgumentException: the tree refuses the path upstream gave (through a file, onto
      // a directory).
      throw new ProjectFailedException(
          "project " + name + ": file " + file.filename() + ": " + e.getMessage(), e);
    } finally {
      downloads.release();
    }
  }
}
