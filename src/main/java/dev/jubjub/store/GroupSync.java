package dev.jubjub.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes committed writes durable in groups: one {@code syncfs} of the mirror's file systems (by
 * {@code sync --file-system}) per barrier, shared by every caller waiting at that moment, instead
 * of one fsync per file. On ext4 an fsync is a journal commit: a 200-project mirror made 2,000 of
 * them, which took more time than its downloads. Where {@code sync -f} is missing or fails, each
 * file written since the last barrier is fsynced instead.
 */
final class GroupSync {
  private static final Logger log = LoggerFactory.getLogger(GroupSync.class);
  private final List<Path> places;
  private final String command;
  /**
   * Counts commits: a caller's writes are durable once a barrier started after its last commit.
   * Starts at one for what an earlier, killed process may have left in the page cache.
   */
  private final AtomicLong committed = new AtomicLong(1);
  private long durable;
  /** Files committed since the last barrier, while {@code sync -f} is not known to work. */
  private final Set<Path> pending = ConcurrentHashMap.newKeySet();
  /** The places that existed when {@link #fileSystems} last looked, and what it found. */
  private List<Path> lookedAt = List.of();
  private List<Path> fileSystems = List.of();
  /** null until the first barrier has tried {@code sync -f}. */
  private volatile Boolean syncfs;

  /**
   * syncfs(2) in this process where the JDK allows it; else {@link #command} is run. Looked up at
   * the first barrier: linking the native call costs a run that writes nothing (no change) 10% of
   * its start-up.
   */
  private final Supplier<Optional<NativeSyncfs>> inProcess;

  /** @param places the tree's directories that may be mounts of their own (web/packages on a bigger disk) */
  GroupSync(List<Path> places) {
    this(places, "sync", memoized(NativeSyncfs::load));
  }

  /** @param command the coreutils {@code sync} to run (another name in tests of the fallback) */
  GroupSync(List<Path> places, String command) {
    this(places, command, Optional::empty);
  }

  private GroupSync(List<Path> places, String command, Supplier<Optional<NativeSyncfs>> inProcess) {
    this.places = List.copyOf(places);
    this.command = command;
    this.inProcess = inProcess;
  }

  private static <T> Supplier<T> memoized(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }

  /** Whether barriers use {@code sync -f}; null before the first barrier. */
  Boolean usesSyncfs() {
    return syncfs;
  }

  int pendingFiles() {
    return pending.size();
  }

  void committed(Path file) {
    if (!Boolean.TRUE.equals(syncfs)) {
      pending.add(file);
    }
    committed.incrementAndGet();
  }

  /** Returns once every write committed before the call is on disk. */
  void barrier() throws IOException {
    long mine = committed.get();
    synchronized (this) {
      if (durable >= mine) {
        return; // a barrier that started after our commits has already run
      }
      long upTo = committed.get();
      if (!Boolean.FALSE.equals(syncfs)) {
        syncfs = syncFileSystems();
      }
      if (syncfs) {
        pending.clear();
      } else {
        fsyncEach();
      }
      durable = upTo;
    }
  }

  /**
   * One existing path on each file system the tree spans. Looking up a file store reads the mount
   * table, so the answer is kept until another of the places comes into existence.
   */
  private List<Path> fileSystems() throws IOException {
    List<Path> existing = places.stream().filter(Files::isDirectory).toList();
    if (!existing.equals(lookedAt)) {
      Map<FileStore, Path> stores = new LinkedHashMap<>();
      for (Path place : existing) {
        stores.putIfAbsent(Files.getFileStore(place), place);
      }
      fileSystems = List.copyOf(stores.values());
      lookedAt = existing;
    }
    return fileSystems;
  }

  private boolean syncFileSystems() throws IOException {
    List<Path> fileSystems = fileSystems();
    Optional<NativeSyncfs> syscall = inProcess.get();
    if (syscall.isPresent()) {
      for (Path fileSystem : fileSystems) {
        syscall.get().syncfs(fileSystem);
      }
      return true;
    }
    List<String> command = new ArrayList<>(List.of(this.command, "--file-system"));
    fileSystems.forEach(p -> command.add(p.toString()));
    Process sync;
    try {
      sync = new ProcessBuilder(command).redirectErrorStream(true).start();
    } catch (IOException e) {
      log.warn("Cannot run 'sync --file-system' ({}): fsyncing every file instead", e.getMessage());
      return false;
    }
    try {
      String output = new String(sync.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!sync.waitFor(10, TimeUnit.MINUTES) || sync.exitValue() != 0) {
        throw new IOException("'" + String.join(" ", command) + "' failed: " + output);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sync.destroyForcibly();
      throw new IOException("interrupted while syncing " + fileSystems, e);
    }
  }

  private void fsyncEach() throws IOException {
    for (Path file : List.copyOf(pending)) {
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.force(false);
      } catch (NoSuchFileException e) {
        // replaced or removed since: nothing of it to make durable
      }
      pending.remove(file);
    }
  }
}
