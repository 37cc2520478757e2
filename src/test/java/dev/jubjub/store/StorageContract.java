package dev.jubjub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Storage} backend does alike, so that sync, verify and serve cannot tell them
 * apart. A subclass gives a fresh, empty tree per test and answers the few questions where
 * backends differ by design (whether a sha256 is recorded; how a large write travels).
 */
abstract class StorageContract {
  static final int LARGE = 20 << 20;

  Storage storage;

  /** A fresh, empty tree. */
  abstract Storage newStorage() throws Exception;

  /** A second storage on the same tree, as another process would open it. */
  abstract Storage sameTreeAgain() throws Exception;

  /** Whether {@link Storage.FileInfo#sha256()} gives back what the write recorded. */
  abstract boolean recordsSha256();

  /** Makes {@link Storage#list} fetch few entries at a time, where it pages at all. */
  void useSmallListPages(Storage s) {}

  /** Checks how the last large write travelled (S3: as a multipart upload). */
  void checkLargeWriteTransport() throws Exception {}

  /** Checks that nothing of an abandoned write lingers where the test cannot list it. */
  void checkNoAbandonedUploads() throws Exception {}

  @BeforeEach
  void freshTree() throws Exception {
    storage = newStorage();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aCommittedWriteIsVisibleWithItsBytes() throws Exception {
    try (Storage.PendingFile p = storage.create("web/simple/a/index.html")) {
      p.stream().write(bytes("<html>"));
      p.stream().write('a');
      p.commit();
    }
    assertThat(storage.readAllBytes("web/simple/a/index.html")).asString().isEqualTo("<html>a");
    assertThat(storage.stat("web/simple/a/index.html")).get().extracting(Storage.FileInfo::size)
        .isEqualTo(7L);
    storage.write("web/empty", new byte[0]);
    assertThat(storage.readAllBytes("web/empty")).isEmpty();
  }

  @Test
  void closingWithoutCommitLeavesNothingAndKeepsTheOldFile() throws Exception {
    try (Storage.PendingFile p = storage.create("web/simple/a/index.html")) {
      p.stream().write(bytes("abandoned"));
    }
    assertThat(storage.stat("web/simple/a/index.html")).isEmpty();
    assertThat(storage.list("web/simple")).isEmpty();
    storage.write("web/simple/a/index.html", bytes("old"));
    try (Storage.PendingFile p = storage.create("web/simple/a/index.html")) {
      p.stream().write(bytes("new but abandoned"));
      p.stream().flush();
    }
    assertThat(storage.readAllBytes("web/simple/a/index.html")).asString().isEqualTo("old");
  }

  @Test
  void anOverwriteShowsTheOldContentUntilCommitThenTheNew() throws Exception {
    storage.write("status", bytes("100"));
    try (Storage.PendingFile p = storage.create("status")) {
      p.stream().write(bytes("200"));
      p.stream().flush();
      assertThat(storage.readAllBytes("status")).asString().isEqualTo("100");
      p.commit();
    }
    assertThat(storage.readAllBytes("status")).asString().isEqualTo("200");
  }

  @Test
  void statGivesSizeTheStampedTimeAndTheRecordedHash() throws Exception {
    Instant uploaded = Instant.parse("2021-03-04T05:06:07Z");
    String sha = "ab".repeat(32);
    try (Storage.PendingFile p = storage.create("web/packages/ab/cd/x-1.0.tar.gz",
        new Storage.Attributes(uploaded, sha))) {
      p.stream().write(new byte[1234]);
      p.commit();
    }
    Storage.FileInfo info = storage.stat("web/packages/ab/cd/x-1.0.tar.gz").orElseThrow();
    assertThat(info.size()).isEqualTo(1234);
    assertThat(info.lastModified()).isEqualTo(uploaded);
    assertThat(info.sha256()).isEqualTo(recordsSha256() ? sha : null);

    Instant before = Instant.now();
    storage.write("web/plain", bytes("x"));
    Storage.FileInfo plain = storage.stat("web/plain").orElseThrow();
    assertThat(plain.lastModified()).isBetween(before.minusSeconds(60), Instant.now().plusSeconds(60));
    assertThat(plain.sha256()).isNull();
  }

  @Test
  void rangesReadTheirBytesAndStopAtTheEnd() throws Exception {
    byte[] data = new byte[100];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    storage.write("f", data);
    assertThat(read(storage.open("f", 10, 5))).containsExactly(10, 11, 12, 13, 14);
    assertThat(read(storage.open("f", 0, 100))).isEqualTo(data);
    assertThat(read(storage.open("f", 95, 10))).containsExactly(95, 96, 97, 98, 99);
    assertThat(read(storage.open("f", 99, Long.MAX_VALUE))).containsExactly(99);
    assertThat(read(storage.open("f", 100, 5))).isEmpty();
    assertThat(read(storage.open("f", 1000, 5))).isEmpty();
    assertThat(read(storage.open("f", 3, 0))).isEmpty();
    storage.write("empty", new byte[0]);
    assertThat(read(storage.open("empty", 0, 10))).isEmpty();
  }

  @Test
  void aMissingFileHasNoStatAndCannotBeOpened() throws Exception {
    storage.write("web/simple/a/index.html", bytes("x"));
    assertThat(storage.stat("web/simple/a")).isEmpty(); // a directory is no file
    for (String missing : List.of("web/simple/b/index.html", "nothing", "web/simple/a/index.html/x")) {
      assertThat(storage.stat(missing)).as(missing).isEmpty();
      assertThatThrownBy(() -> storage.open(missing)).as(missing).isInstanceOf(NoSuchFileException.class);
      assertThatThrownBy(() -> storage.open(missing, 0, 10)).as(missing)
          .isInstanceOf(NoSuchFileException.class);
      assertThatThrownBy(() -> storage.open(missing, 0, 0)).as(missing)
          .isInstanceOf(NoSuchFileException.class);
    }
  }

  @Test
  void deleteSaysWhetherThereWasAFile() throws Exception {
    storage.write("web/simple/a/index.html", bytes("x"));
    assertThat(storage.delete("web/simple/a/index.html")).isTrue();
    assertThat(storage.stat("web/simple/a/index.html")).isEmpty();
    assertThat(storage.delete("web/simple/a/index.html")).isFalse();
    assertThat(storage.delete("never/was")).isFalse();
    assertThat(storage.list("web/simple")).isEmpty();
  }

  @Test
  void listGivesTheDirectChildrenSortedWithDirectoriesMarked() throws Exception {
    for (String path : List.of("web/simple/b/index.html", "web/simple/a/index.html",
        "web/simple/a/index.v1_json", "web/simple/index.html", "web/simple/B.txt",
        "web/simple/a-b/c/d/deep")) {
      storage.write(path, bytes(path));
    }
    assertThat(storage.list("web/simple")).containsExactly(
        new Storage.Entry("B.txt", false),
        new Storage.Entry("a", true),
        new Storage.Entry("a-b", true),
        new Storage.Entry("b", true),
        new Storage.Entry("index.html", false));
    assertThat(storage.list("web/simple/a")).containsExactly(
        new Storage.Entry("index.html", false), new Storage.Entry("index.v1_json", false));
    assertThat(storage.list("web")).containsExactly(new Storage.Entry("simple", true));
    assertThat(storage.list("")).contains(new Storage.Entry("web", true));
    assertThat(storage.list("nothing/here")).isEmpty();
    assertThat(storage.list("web/simp")).isEmpty(); // a prefix of a name is not a directory
  }

  @Test
  void listReadsEveryPage() throws Exception {
    useSmallListPages(storage);
    List<Storage.Entry> expected = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      String name = String.format("f%02d", i);
      storage.write("web/packages/" + name, new byte[] {(byte) i});
      expected.add(new Storage.Entry(name, false));
    }
    for (int i = 0; i < 7; i++) {
      String name = String.format("d%02d", i);
      storage.write("web/packages/" + name + "/x", new byte[] {(byte) i});
      storage.write("web/packages/" + name + "/y", new byte[] {(byte) i});
      expected.add(new Storage.Entry(name, true));
    }
    expected.sort(Comparator.comparing(Storage.Entry::name));
    assertThat(storage.list("web/packages")).containsExactlyElementsOf(expected);
  }

  @Test
  void pathsThatLeaveTheTreeAreRefused() throws Exception {
    List<Function<String, Object>> operations = List.of(
        p -> call(() -> storage.create(p)),
        p -> call(() -> {
          storage.write(p, new byte[1]);
          return null;
        }),
        p -> call(() -> storage.stat(p)),
        p -> call(() -> storage.open(p)),
        p -> call(() -> storage.open(p, 0, 1)),
        p -> call(() -> storage.delete(p)),
        p -> call(() -> storage.list(p)));
    for (String bad : List.of("../x", "/abs", "a/../../b", "a/./b", "a//b", "x/..", "a\\..\\b")) {
      for (int i = 0; i < operations.size(); i++) {
        int op = i;
        assertThatThrownBy(() -> operations.get(op).apply(bad)).as("%s, operation %d", bad, op)
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
    assertThat(storage.list(""))
        .doesNotContain(new Storage.Entry("web", true), new Storage.Entry("x", false));
  }

  interface IoCall {
    Object call() throws IOException;
  }

  static Object call(IoCall call) {
    try {
      return call.call();
    } catch (IOException e) {
      throw new AssertionError("expected a refusal, not an I/O error", e);
    }
  }

  @Test
  void theLockIsExclusiveUntilClosed() throws Exception {
    Storage other = sameTreeAgain();
    try (Storage.Lock lock = storage.lock()) {
      assertThatThrownBy(other::lock).isInstanceOf(LockHeldException.class);
      storage.write("status", bytes("1")); // the holder writes
    }
    try (Storage.Lock lock = other.lock()) {
      assertThatThrownBy(storage::lock).isInstanceOf(LockHeldException.class);
    }
    storage.lock().close();
  }

  @Test
  void aLargeWriteStreamedInSmallPiecesRoundTrips() throws Exception {
    MessageDigest written = MessageDigest.getInstance("SHA-256");
    byte[] chunk = new byte[4000];
    Random random = new Random(42);
    long start = System.nanoTime();
    try (Storage.PendingFile p = storage.create("web/packages/big/x.whl")) {
      OutputStream out = p.stream();
      for (int left = LARGE; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        int n = Math.min(left, chunk.length);
        out.write(chunk, 0, n);
        written.update(chunk, 0, n);
      }
      p.commit();
    }
    checkLargeWriteTransport();
    assertThat(storage.stat("web/packages/big/x.whl")).get().extracting(Storage.FileInfo::size)
        .isEqualTo((long) LARGE);
    try (InputStream in = storage.open("web/packages/big/x.whl")) {
      assertThat(sha256(in)).isEqualTo(HexFormat.of().formatHex(written.digest()));
    }
    // Across the boundary of the first 8 MiB part.
    byte[] whole;
    try (InputStream in = storage.open("web/packages/big/x.whl")) {
      whole = in.readNBytes((8 << 20) + 10);
    }
    assertThat(read(storage.open("web/packages/big/x.whl", (8 << 20) - 10, 20)))
        .isEqualTo(Arrays.copyOfRange(whole, (8 << 20) - 10, (8 << 20) + 10));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void anAbandonedLargeWriteLeavesNothing() throws Exception {
    try (Storage.PendingFile p = storage.create("web/packages/big/x.whl")) {
      byte[] chunk = new byte[64 << 10];
      for (int left = LARGE; left > 0; left -= chunk.length) {
        p.stream().write(chunk);
      }
    }
    assertThat(storage.stat("web/packages/big/x.whl")).isEmpty();
    assertThat(storage.list("web/packages")).isEmpty();
    checkNoAbandonedUploads();
  }

  static byte[] read(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  static String sha256(InputStream in) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] buffer = new byte[64 << 10];
    for (int n; (n = in.read(buffer)) > 0; ) {
      digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
