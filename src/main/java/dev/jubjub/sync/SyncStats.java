package dev.jubjub.sync;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Live counters of a run, read by the progress display while workers update them. */
public final class SyncStats {
  final AtomicLong projectsTotal = new AtomicLong();
  final AtomicLong projectsDone = new AtomicLong();
  final AtomicLong projectsRemoved = new AtomicLong();
  final AtomicLong filesDownloaded = new AtomicLong();
  final AtomicLong filesCurrent = new AtomicLong();
  /** PEP 658 core metadata files fetched (not counted in {@link #filesDownloaded}). */
  final AtomicLong metadataDownloaded = new AtomicLong();
  final AtomicLong bytesDownloaded = new AtomicLong();
  final AtomicLong filesDeleted = new AtomicLong();
  final AtomicLong filesUnowned = new AtomicLong();
  final AtomicLong bytesFreed = new AtomicLong();
  /** The serial upstream's listing gave this run, -1 before it was read (or never, for sync). */
  final AtomicLong upstreamSerial = new AtomicLong(-1);
  /**
   * Normalized names of the projects whose pages this run wrote or removed, what a search index
   * must read again; null until {@link #trackChangedProjects} (a first run of all PyPI would hold
   * 880,000 names for no reader).
   */
  private volatile java.util.Set<String> changed;
  private final Queue<Failure> failures = new ConcurrentLinkedQueue<>();
  private final Queue<String> refusals = new ConcurrentLinkedQueue<>();
  private final long startNanos = System.nanoTime();

  /** A project that could not be synced, with the reason (naming the URL or file). */
  public record Failure(String project, String reason) {}

  void fail(String project, String reason) {
    failures.add(new Failure(project, reason));
  }

  /** A step the run refused to take (removals past the guard): an error, though no project failed. */
  void refuse(String reason) {
    refusals.add(reason);
  }

  public List<String> refusals() {
    return List.copyOf(refusals);
  }

  /** True when no project failed and nothing was refused. */
  public boolean ok() {
    return failures.isEmpty() && refusals.isEmpty();
  }

  public java.util.OptionalLong upstreamSerial() {
    long serial = upstreamSerial.get();
    return serial < 0 ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(serial);
  }

  /** Start noting the projects this run synced or removed, for {@link #changedProjects}. */
  public void trackChangedProjects() {
    changed = java.util.concurrent.ConcurrentHashMap.newKeySet();
  }

  void changed(String normalized) {
    java.util.Set<String> names = changed;
    if (names != null) {
      names.add(normalized);
    }
  }

  /** Normalized names of the projects this run synced (pages written) or removed; empty when not tracked. */
  public java.util.Set<String> changedProjects() {
    java.util.Set<String> names = changed;
    return names == null ? java.util.Set.of() : java.util.Set.copyOf(names);
  }

  public long projectsTotal() {
    return projectsTotal.get();
  }

  public long projectsDone() {
    return projectsDone.get();
  }

  public long projectsRemoved() {
    return projectsRemoved.get();
  }

  public long filesDownloaded() {
    return filesDownloaded.get();
  }

  /** Files that were already present and verified, so not downloaded again. */
  public long metadataDownloaded() {
    return metadataDownloaded.get();
  }

  public long filesCurrent() {
    return filesCurrent.get();
  }

  public long bytesDownloaded() {
    return bytesDownloaded.get();
  }

  public long filesDeleted() {
    return filesDeleted.get();
  }

  /** Files under web/packages that no project's pages link (found by verify). */
  public long filesUnowned() {
    return filesUnowned.get();
  }

  public long bytesFreed() {
    return bytesFreed.get();
  }

  public List<Failure> failures() {
    return List.copyOf(failures);
  }

  public double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
