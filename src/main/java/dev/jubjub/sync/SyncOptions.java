package dev.jubjub.sync;

import dev.jubjub.filter.Filters;
import java.nio.file.Path;
import java.util.Optional;

/** The {@code [mirror]} options the engine obeys, decoupled from how they were configured. */
public record SyncOptions(
    int workers,
    boolean hashIndex,
    boolean stopOnError,
    boolean deletePackages,
    boolean json,
    boolean releaseFiles,
    boolean coreMetadata,
    CompareMethod compareMethod,
    SimpleFormat simpleFormat,
    Optional<String> rootUri,
    Optional<Path> diffFile,
    boolean diffAppendEpoch,
    boolean cleanup,
    int keepIndexVersions,
    Filters filters,
    ReleaseAge releaseAge) {

  public SyncOptions {
    if (keepIndexVersions < 0) {
      throw new IllegalArgumentException("keep_index_versions must be >= 0");
    }
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1");
    }
  }

  /** The same options with another compare-method; verify always re-hashes. */
  public SyncOptions withCompareMethod(CompareMethod method) {
    return new SyncOptions(
        workers, hashIndex, stopOnError, deletePackages, json, releaseFiles, coreMetadata, method,
        simpleFormat, rootUri, diffFile, diffAppendEpoch, cleanup, keepIndexVersions, filters, releaseAge);
  }

  public SyncOptions withWorkers(int n) {
    return new SyncOptions(
        n, hashIndex, stopOnError, deletePackages, json, releaseFiles, coreMetadata, compareMethod,
        simpleFormat, rootUri, diffFile, diffAppendEpoch, cleanup, keepIndexVersions, filters, releaseAge);
  }

  /** The same options with another release-age limit (tests, and a clock of their own). */
  public SyncOptions withReleaseAge(ReleaseAge age) {
    return new SyncOptions(
        workers, hashIndex, stopOnError, deletePackages, json, releaseFiles, coreMetadata, compareMethod,
        simpleFormat, rootUri, diffFile, diffAppendEpoch, cleanup, keepIndexVersions, filters, age);
  }

  public enum CompareMethod {
    /** Size and modification time (= upload time); cheap. */
    STAT,
    /** Size and sha256 of the local file; reads every byte, or asks the sha256 an object store recorded. */
    HASH,
    /** Size and sha256 of every byte read back, even where an object store recorded a sha256 (verify --rehash). */
    READ
  }

  public enum SimpleFormat {
    ALL,
    HTML,
    JSON;

    boolean html() {
      return this != JSON;
    }

    boolean json() {
      return this != HTML;
    }
  }

  public static SyncOptions defaults() {
    return new SyncOptions(
        3, false, false, false, true, true, true, CompareMethod.HASH, SimpleFormat.ALL,
        Optional.empty(), Optional.empty(), false, false, 0, Filters.none(), ReleaseAge.off());
  }
}
