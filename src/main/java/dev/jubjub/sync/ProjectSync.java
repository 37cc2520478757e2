package dev.jubjub.sync;

import dev.jubjub.store.MirrorLayout;
import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.DistFilename;
import dev.jubjub.pypi.MetadataException;
import dev.jubjub.pypi.ProjectMetadata;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.store.Storage;
import dev.jubjub.store.StorageException;
import dev.jubjub.index.PageMarkers;
import dev.jubjub.upstream.HeapBudget;
import dev.jubjub.upstream.ProjectPage;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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
  private final Quarantine quarantine;
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
    this.quarantine = new Quarantine(storage);
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

    /** Quarantined upstream (PEP 792): its pages list no files, which are held outside web/. */
    record Quarantined(long serial) implements Outcome {}
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
    ProjectPage page;
    ProjectMetadata project;
    try {
      // The PEP 691 page and the JSON API at once, one round trip instead of two: only the page
      // gives the project's status and provenance, the JSON API everything else. The page decides
      // first: for a quarantined project PyPI's JSON API answers 404, which alone means nothing.
      CompletableFuture<ProjectPage> reading = new CompletableFuture<>();
      Thread.ofVirtual().name("page " + name.normalized()).start(() -> {
        try {
          reading.complete(upstream.page(name, serial));
        } catch (Throwable e) {
          reading.completeExceptionally(e);
        }
      });
      Upstream.PageSource pageSource = () -> awaitPage(reading);
      ProjectMetadata json = null;
      Exception jsonFailure = null;
      try {
        json = upstream.project(name, serial, options.coreMetadata(), heap, pageSource);
      } catch (UpstreamException | MetadataException e) {
        jsonFailure = e;
      }
      page = pageSource.get();
      if (page.status().quarantined()) {
        return quarantine(name, Math.max(serial, page.serial()), page, pages);
      }
      if (jsonFailure instanceof UpstreamException e) {
        throw e;
      }
      if (jsonFailure instanceof MetadataException e) {
        throw e;
      }
      project = json;
    } catch (UpstreamException e) {
      if (e.notFound()) {
        return new Outcome.Unavailable("project " + name + ": " + e.getMessage());
      }
      throw new ProjectFailedException("project " + name + ": " + e.getMessage(), e);
    } catch (MetadataException e) {
      throw new ProjectFailedException(e.getMessage(), e);
    }
    return syncFrom(name, project, page, pages, false);
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
      if (kept.isEmpty() || quarantined(name, pages)) {
        // A quarantined project's files stay held until upstream says otherwise: upstream decides.
        return sync(name, 0, heap, pages);
      }
      ProjectMetadata project = kept.get();
      if (serial > project.lastSerial()) {
        // Upstream's header serial may be above the document's own: the pages keep the higher one.
        project = new ProjectMetadata(project.name(), serial, project.releases(), project.json());
      }
      return syncFrom(name, project, keptPage(project, pages), pages, true);
    }
  }

  private boolean quarantined(ProjectName name, LinkedPages pages) {
    try {
      return pages.quarantined();
    } catch (IOException e) {
      throw new StorageException("project " + name + ": " + storage.describe(pages.directory()), e);
    }
  }

  /**
   * Whether a run stopped between a quarantine's steps, which its pages' serial alone would hide:
   * pages that say quarantined while the JSON copy or a held file is still in {@code web/}, or
   * pages no longer quarantined while held copies remain. Such a project is synced again.
   */
  boolean quarantineUnfinished(String normalized, LinkedPages pages) throws IOException {
    Set<String> held = quarantine.heldPaths(normalized);
    if (!pages.quarantined()) {
      return !held.isEmpty();
    }
    if (storage.stat(MirrorLayout.jsonFile(normalized)).isPresent()
        || storage.stat(MirrorLayout.pypiJsonFile(normalized)).isPresent()) {
      return true;
    }
    for (String path : held) {
      if (storage.stat(path).isPresent()) {
        return true;
      }
    }
    return false;
  }

  /**
   * What upstream's page said when the project was last synced, for a re-render that asks upstream
   * nothing: the status its pages carry, and a provenance for each file whose object the mirror
   * holds (fetched with the file, whether or not it was shown then).
   */
  private ProjectPage keptPage(ProjectMetadata project, LinkedPages pages) throws ProjectFailedException {
    try {
      Map<String, String> provenance = new HashMap<>();
      for (DistFile file : project.files()) {
        if (storage.stat(MirrorLayout.packageFile(file) + ".provenance").isPresent()) {
          provenance.put(file.filename(), "kept");
        }
      }
      return new ProjectPage(-1, pages.status(), Map.of(), provenance);
    } catch (IOException e) {
      throw new StorageException("project " + project.name() + ": " + storage.describe(pages.directory()), e);
    }
  }

  /**
   * Filters, downloads what is missing, writes the pages, drops what they no longer link.
   *
   * @param ageIn a re-render for files that aged in: the files an earlier sync verified are
   *     checked by size and time only, so that showing them costs no re-reading of every byte
   */
  private Outcome syncFrom(
      ProjectName name, ProjectMetadata project, ProjectPage page, LinkedPages pages, boolean ageIn)
      throws ProjectFailedException {
    if (!options.filters().allowsMetadata(project)) {
      projectLog.info("{}: excluded by a metadata filter", name);
      return new Outcome.Excluded();
    }
    project = options.filters().apply(project);
    List<DistFile> files = project.files();
    String dir = layout.simpleDirectory(name.normalized());
    try {
      boolean wasQuarantined = pages.quarantined();
      if (wasQuarantined && options.releaseFiles()) {
        projectLog.info("{}: no longer quarantined upstream ({}): {} held files put back", name,
            page.status().status(), quarantine.restore(name.normalized(), files));
      }
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
      Set<String> withProvenance = Set.of();
      if (options.releaseFiles()) {
        AtomicBoolean wrote = new AtomicBoolean();
        Set<String> withoutMetadata = ConcurrentHashMap.newKeySet();
        withProvenance = ConcurrentHashMap.newKeySet();
        fetchAll(name, files, known, before, page, new Fetched(wrote, withoutMetadata, withProvenance));
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
      writer.write(shown.visible(), shown.files(), dir, new PageMarkers(page.status(), withProvenance));
      if (shown.agesIn().isEmpty()) {
        waiting.clear(name.normalized()); // only once the pages show every file
      }
      if (wasQuarantined || !quarantine.heldPaths(name.normalized()).isEmpty()) {
        // Also copies a run stopped before dropping, once the pages show the files back in web/.
        quarantine.drop(name.normalized());
      }
      Set<String> after =
          files.stream().map(MirrorLayout::packageFile).collect(Collectors.toSet());
      int dropped = 0;
      for (String stale : before) {
        if (!after.contains(stale) && !linkedByOther(stale, name.normalized())) {
          for (String companion : Quarantine.COMPANIONS) {
            late.delete(writer, stale + companion);
          }
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
   * A project upstream quarantined (PEP 792): its files are copied to the holding place, its pages
   * rewritten with the status and no files, then the originals and its JSON copies leave {@code
   * web/}. The project stays in the root index. Files another project links stay where they are.
   */
  private Outcome quarantine(ProjectName name, long serial, ProjectPage page, LinkedPages pages)
      throws ProjectFailedException {
    String dir = layout.simpleDirectory(name.normalized());
    try {
      Set<String> linked = pages.linkedFiles();
      List<String> moved = quarantine.hold(name.normalized(), linked);
      writer.writeQuarantined(name, serial, page.status(), dir);
      for (String path : moved) {
        String file = path.startsWith(MirrorLayout.PACKAGES + "/") ? packageFileOf(path) : null;
        if (file == null || !linkedByOther(file, name.normalized())) {
          late.delete(writer, path);
        }
      }
      stats.changed(name.normalized());
      projectLog.warn("{}: quarantined upstream{}: its pages list no files; {} paths held outside web/ until"
          + " the status clears", name, page.status().reason().map(r -> " (" + ProjectName.printable(r) + ")").orElse(""), moved.size());
      return new Outcome.Quarantined(serial);
    } catch (IOException e) {
      throw new StorageException("project " + name + ": quarantine: " + storage.describe(dir), e);
    }
  }

  /** The package file a companion path belongs to. */
  private static String packageFileOf(String path) {
    for (String companion : Quarantine.COMPANIONS) {
      if (!companion.isEmpty() && path.endsWith(companion)) {
        return path.substring(0, path.length() - companion.length());
      }
    }
    return path;
  }

  private static ProjectPage awaitPage(CompletableFuture<ProjectPage> reading)
      throws UpstreamException, MetadataException {
    try {
      return reading.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UpstreamException(null, "interrupted while reading the project's page", e);
    } catch (ExecutionException e) {
      switch (e.getCause()) {
        case UpstreamException u -> throw u;
        case MetadataException m -> throw m;
        case RuntimeException r -> throw r;
        case Error err -> throw err;
        default -> throw new IllegalStateException(e.getCause());
      }
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
      String file = packageFileOf(path);
      if (file.startsWith("web/packages/") && linkedByOther(file, normalized)) {
        log.warn("{}: keeping {}, which another project's pages also link", normalized, storage.describe(path));
        continue;
      }
      if (path.startsWith(MirrorLayout.SIMPLE + "/") || path.startsWith(Quarantine.HOLDING + "/")) {
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
      for (String companion : Quarantine.COMPANIONS) {
        paths.add(file + companion);
      }
    }
    paths.add(MirrorLayout.jsonFile(normalized));
    paths.add(MirrorLayout.pypiJsonFile(normalized));
    for (String held : quarantine.heldPaths(normalized)) {
      paths.add(Quarantine.held(held));
    }
    paths.add(Quarantine.manifest(normalized));
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
   * What the downloads of one project found out, filled in concurrently.
   *
   * @param wrote whether anything was written (then a barrier makes it durable)
   * @param withoutMetadata names of files whose PEP 658 metadata file upstream does not have (404):
   *     their pages do not advertise one
   * @param withProvenance names of files whose PEP 740 provenance object the mirror now holds
   */
  private record Fetched(AtomicBoolean wrote, Set<String> withoutMetadata, Set<String> withProvenance) {}

  /** Downloads what is missing or wrong. */
  private void fetchAll(ProjectName name, List<DistFile> files, Map<String, Boolean> known, Set<String> linked,
      ProjectPage page, Fetched fetched) throws ProjectFailedException {
    List<Future<?>> tasks = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (DistFile file : files) {
        String path = MirrorLayout.packageFile(file);
        tasks.add(pool.submit(() -> fetchOne(name, file, known.get(path), linked.contains(path),
            page.provenance(file.filename()), fetched)));
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
  }

  /** @param linked the project's pages link it already: fetching it again is a repair, and said */
  /** @param known whether the file is there and current, when the claim found out; else null */
  private Void fetchOne(ProjectName name, DistFile file, Boolean known, boolean linked,
      Optional<String> provenance, Fetched fetched) throws Exception {
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
        fetched.wrote().set(true);
        stats.filesDownloaded.incrementAndGet();
        stats.bytesDownloaded.addAndGet(bytes);
        diff.add(storage.describe(path));
      }
      if (file.hasCoreMetadata() && options.coreMetadata()) {
        fetchCoreMetadata(name, file, linked, fetched);
      }
      if (provenance.isPresent()) {
        fetchProvenance(name, file, provenance.get(), fetched);
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

  private void fetchCoreMetadata(ProjectName name, DistFile file, boolean linked, Fetched fetched)
      throws IOException, UpstreamException {
    String metadata = MirrorLayout.coreMetadataFile(file);
    if (checker.hashMatches(metadata, file.coreMetadataSha256().get())) {
      return;
    }
    if (linked) {
      log.info("{}: {} was missing or did not match its sha256: fetching it again", name,
          storage.describe(metadata));
    }
    try {
      stats.bytesDownloaded.addAndGet(upstream.downloadCoreMetadata(file,
          new StorageSink(storage, metadata, new Storage.Attributes(null, file.coreMetadataSha256().get()))));
      stats.metadataDownloaded.incrementAndGet();
      fetched.wrote().set(true);
      diff.add(storage.describe(metadata));
    } catch (UpstreamException e) {
      if (!e.notFound()) {
        // A transient failure: the project is retried, rather than marked synced without it.
        throw e;
      }
      // Upstream advertises a file it does not have: the page will not advertise it either.
      log.warn("project {}: file {}: no core metadata: {}", name, file.filename(), e.getMessage());
      fetched.withoutMetadata().add(file.filename());
    }
  }

  /**
   * A provenance object has no published hash, and PyPI never changes one once its file is
   * uploaded: one that is there is kept. It is stored beside its file, never where its URL says. A
   * refused one (too large, not JSON, a URL off upstream) fails the project, naming the URL; the
   * old pages and files stay.
   */
  private void fetchProvenance(ProjectName name, DistFile file, String url, Fetched fetched)
      throws IOException, UpstreamException {
    String path = MirrorLayout.packageFile(file) + ".provenance";
    if (storage.stat(path).isPresent()) {
      fetched.withProvenance().add(file.filename());
      return;
    }
    try {
      stats.bytesDownloaded.addAndGet(
          upstream.downloadProvenance(name, url, new StorageSink(storage, path, Storage.Attributes.NONE)));
      fetched.wrote().set(true);
      fetched.withProvenance().add(file.filename());
      diff.add(storage.describe(path));
    } catch (UpstreamException e) {
      if (!e.notFound()) {
        throw e; // its message names the URL
      }
      log.warn("project {}: file {}: no provenance at {}: {}", name, file.filename(), url, e.getMessage());
    }
  }
}
