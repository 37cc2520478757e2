package dev.jubjub.sync;

import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.MetadataException;
import dev.jubjub.pypi.ProjectMetadata;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.store.Storage;
import dev.jubjub.upstream.Upstream;
import dev.jubjub.upstream.UpstreamException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
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
  private final Upstream upstream;
  private final Storage storage;
  private final SyncOptions options;
  private final MirrorLayout layout;
  private final Semaphore downloads;
  private final SyncStats stats;
  private final FileChecker checker;
  private final DiffList diff;
  private final PageWriter writer;

  ProjectSync(
      Upstream upstream,
      Storage storage,
      SyncOptions options,
      Semaphore downloads,
      SyncStats stats,
      DiffList diff) {
    this.upstream = upstream;
    this.storage = storage;
    this.options = options;
    this.layout = new MirrorLayout(options.hashIndex());
    this.downloads = downloads;
    this.stats = stats;
    this.checker = new FileChecker(storage, options.compareMethod());
    this.diff = diff;
    this.writer = new PageWriter(storage, options, layout, diff, stats);
  }

  /**
   * Brings the project up to at least {@code serial}; a project gone upstream is removed.
   *
   * @return the files the project's pages now link; empty when the project is gone
   */
  List<DistFile> sync(ProjectName name, long serial) throws ProjectFailedException {
    ProjectMetadata project;
    try {
      project = upstream.project(name, serial, options.coreMetadata());
    } catch (UpstreamException e) {
      if (e.notFound()) {
        removeGone(name);
        return List.of();
      }
      throw new ProjectFailedException("project " + name + ": " + e.getMessage(), e);
    } catch (MetadataException e) {
      throw new ProjectFailedException(e.getMessage(), e);
    }
    if (!options.filters().allowsMetadata(project)) {
      log.info("{}: excluded by a metadata filter", name);
      try {
        delete(name.normalized());
      } catch (IOException e) {
        throw new ProjectFailedException("project " + name + ": cannot remove: " + e.getMessage(), e);
      }
      return List.of();
    }
    project = options.filters().apply(project);
    List<DistFile> files = project.files();
    try {
      if (options.releaseFiles()) {
        Set<String> withoutMetadata = fetchAll(name, files);
        if (!withoutMetadata.isEmpty()) {
          files = files.stream()
              .map(f -> withoutMetadata.contains(f.filename()) ? f.withoutCoreMetadata() : f)
              .toList();
        }
      }
      String dir = layout.simpleDirectory(name.normalized());
      Set<String> before = new LinkedPages(storage, dir).linkedFiles();
      writer.write(project, files, dir);
      Set<String> after =
          files.stream().map(MirrorLayout::packageFile).collect(Collectors.toSet());
      for (String stale : before) {
        if (!after.contains(stale)) {
          writer.delete(stale);
          writer.delete(stale + ".metadata");
        }
      }
      return files;
    } catch (IOException | IllegalArgumentException e) {
      throw new ProjectFailedException("project " + name + ": " + e.getMessage(), e);
    }
  }

  private void removeGone(ProjectName name) throws ProjectFailedException {
    if (!options.deletePackages()) {
      log.info("{}: no longer upstream; kept (delete-packages is off)", name);
      return;
    }
    try {
      delete(name.normalized());
    } catch (IOException e) {
      throw new ProjectFailedException("project " + name + ": cannot remove: " + e.getMessage(), e);
    }
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
      writer.delete(path);
    }
    stats.projectsRemoved.incrementAndGet();
    log.info("{}: removed from the mirror ({} paths)", normalized, paths.size());
    return paths;
  }

  /** What removing a project deletes, pages first, listing only what exists. */
  List<String> deletion(String normalized) throws IOException {
    String dir = layout.simpleDirectory(normalized);
    List<String> paths = new ArrayList<>();
    for (String page : List.of("index.v1_json", "index.v1_html", "index.html")) {
      paths.add(dir + "/" + page);
    }
    for (Storage.Entry v : storage.list(dir + "/versions")) {
      paths.add(dir + "/versions/" + v.name());
    }
    paths.add(MirrorLayout.jsonFile(normalized));
    paths.add(MirrorLayout.pypiJsonFile(normalized));
    for (String file : new LinkedPages(storage, dir).linkedFiles()) {
      paths.add(file);
      paths.add(file + ".metadata");
    }
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
   * @return names of files whose PEP 658 metadata file could not be had: their pages do not
   *     advertise one, rather than failing the whole project over an optional file
   */
  private Set<String> fetchAll(ProjectName name, List<DistFile> files) throws ProjectFailedException {
    List<Future<?>> tasks = new ArrayList<>();
    Set<String> withoutMetadata = ConcurrentHashMap.newKeySet();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (DistFile file : files) {
        tasks.add(pool.submit(() -> fetchOne(name, file, withoutMetadata)));
      }
    }
    ProjectFailedException failure = null;
    for (Future<?> task : tasks) {
      try {
        task.get();
      } catch (ExecutionException e) {
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

  private Void fetchOne(ProjectName name, DistFile file, Set<String> withoutMetadata) throws Exception {
    String path = MirrorLayout.packageFile(file);
    downloads.acquire();
    try {
      if (checker.isCurrent(path, file)) {
        stats.filesCurrent.incrementAndGet();
      } else {
        long bytes = upstream.download(file, storage, path);
        checker.stampUploadTime(path, file);
        stats.filesDownloaded.incrementAndGet();
        stats.bytesDownloaded.addAndGet(bytes);
        diff.add(storage.describe(path));
      }
      if (file.hasCoreMetadata() && options.coreMetadata()) {
        String metadata = MirrorLayout.coreMetadataFile(file);
        if (!checker.hashMatches(metadata, file.coreMetadataSha256().get())) {
          try {
            stats.bytesDownloaded.addAndGet(upstream.downloadCoreMetadata(file, storage, metadata));
            diff.add(storage.describe(metadata));
          } catch (UpstreamException e) {
            log.warn("project {}: file {}: no core metadata: {}", name, file.filename(), e.getMessage());
            withoutMetadata.add(file.filename());
          }
        }
      }
      return null;
    } catch (UpstreamException e) {
      throw new ProjectFailedException(
          "project " + name + ": file " + file.filename() + ": " + e.getMessage(), e);
    } finally {
      downloads.release();
    }
  }
}
