package dev.jubjub.sync;

import dev.jubjub.store.MirrorLayout;
import dev.jubjub.store.FileSystemStorage;
import dev.jubjub.store.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Times {@link RootIndexWriter#write} over N synthetic project names (default 880,000) in a
 * {@link FileSystemStorage} under /tmp, without N directories: the listing of {@code web/simple}
 * is faked, everything else (serials file read and rewritten, HTML, v1 HTML and JSON indexes
 * written and committed) is the real path of a run with one changed project.
 * {@code java -cp target/test-classes:target/classes:DEPS dev.jubjub.sync.RootIndexScaleMain [N] [ROUNDS]}
 */
public final class RootIndexScaleMain {
  private RootIndexScaleMain() {}

  public static void main(String[] args) throws IOException {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 880_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Files.createTempDirectory("jubjub-rootindex");
    FileSystemStorage real = new FileSystemStorage(dir);
    List<Storage.Entry> entries = new ArrayList<>(n);
    StringBuilder serials = new StringBuilder();
    for (int i = 0; i < n; i++) {
      String name = String.format("scale-%06d", i);
      entries.add(new Storage.Entry(name, true));
      serials.append(name).append(' ').append(i + 1).append('\n');
    }
    real.write(RootIndexWriter.SERIALS, serials.toString().getBytes(StandardCharsets.UTF_8));
    Storage storage = new Listed(real, entries);
    RootIndexWriter writer = new RootIndexWriter(storage, new MirrorLayout(false), SyncOptions.SimpleFormat.ALL);
    for (int r = 1; r <= rounds; r++) {
      long start = System.nanoTime();
      writer.write(n + r, Set.of(), Set.of());
      long ms = (System.nanoTime() - start) / 1_000_000;
      Runtime rt = Runtime.getRuntime();
      System.out.printf("round %d: %d names, %d ms, heap used %d MB, json %d MB%n", r, n, ms,
          (rt.totalMemory() - rt.freeMemory()) >> 20, Files.size(dir.resolve("web/simple/index.v1_json")) >> 20);
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
    }
  }

  /** The real storage, except that {@code web/simple} lists the synthetic project directories. */
  private record Listed(Storage real, List<Storage.Entry> entries) implements Storage {
    @Override public Optional<FileInfo> stat(String path) throws IOException { return real.stat(path); }
    @Override public InputStream open(String path) throws IOException { return real.open(path); }
    @Override public PendingFile create(String path, Attributes a) throws IOException { return real.create(path, a); }
    @Override public InputStream open(String path, long offset, long length) throws IOException {
      return real.open(path, offset, length);
    }
    @Override public void sync() throws IOException { real.sync(); }
    @Override public boolean delete(String path) throws IOException { return real.delete(path); }
    @Override public List<Entry> list(String directory) throws IOException {
      return directory.equals(MirrorLayout.SIMPLE) ? entries : real.list(directory);
    }
    @Override public Lock lock() throws IOException, dev.jubjub.store.LockHeldException { return real.lock(); }
    @Override public String describe(String path) { return real.describe(path); }
  }
}
