package dev.jubjub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemStorageTest {
  @TempDir Path dir;

  @Test
  void uncommittedWriteIsNeverVisible() throws Exception {
    FileSystemStorage s = new FileSystemStorage(dir.resolve("m"));
    s.write("web/simple/a/index.html", "old".getBytes(StandardCharsets.UTF_8));
    try (Storage.PendingFile p = s.create("web/simple/a/index.html")) {
      OutputStream out = p.stream();
      out.write("new but abandoned".getBytes(StandardCharsets.UTF_8));
      out.flush();
      assertThat(s.readAllBytes("web/simple/a/index.html")).asString().isEqualTo("old");
    }
    assertThat(s.readAllBytes("web/simple/a/index.html")).asString().isEqualTo("old");
    try (Stream<Path> tmp = Files.list(dir.resolve("m/.jubjub-tmp"))) {
      assertThat(tmp).isEmpty();
    }
  }

  @Test
  void refusesPathsThatLeaveTheTree() throws Exception {
    FileSystemStorage s = new FileSystemStorage(dir.resolve("m"));
    for (String bad : new String[] {"../x", "/etc/passwd", "a/../../x", "a\\..\\x", "a//b", "a/./b", "a\u0000b", ""}) {
      assertThatThrownBy(() -> s.write(bad, new byte[1])).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    try (Stream<Path> all = Files.walk(dir)) {
      assertThat(all.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void aPathThroughAFileOrOntoADirectoryIsRefusedAsAPathNotAsADiskFault() throws Exception {
    FileSystemStorage s = new FileSystemStorage(dir.resolve("m"));
    s.write("web/packages/ab/cd/f.whl", new byte[] {1});
    assertThat(s.stat("web/packages/ab/cd/f.whl/x.tar.gz")).isEmpty();
    assertThat(s.stat("web/packages/ab/cd/f.whl/deeper/x.tar.gz")).isEmpty();
    assertThatThrownBy(() -> s.create("web/packages/ab/cd/f.whl/x.tar.gz"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("goes through the file");
    assertThatThrownBy(() -> s.create("web/packages/ab/cd"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a directory");
    assertThat(s.readAllBytes("web/packages/ab/cd/f.whl")).containsExactly(1);
  }

  @Test
  void refusesToWriteOrDeleteThroughASymlinkedDirectoryThatLeadsOut() throws Exception {
    FileSystemStorage s = new FileSystemStorage(dir.resolve("m"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("index.html"), "theirs");
    Files.createDirectories(dir.resolve("m/web/simple"));
    Files.createSymbolicLink(dir.resolve("m/web/simple/evil"), outside);
    assertThatThrownBy(() -> s.write("web/simple/evil/index.html", new byte[1])).hasMessageContaining("leads out");
    assertThatThrownBy(() -> s.write("web/simple/evil/sub/dir/page", new byte[1])).hasMessageContaining("leads out");
    assertThatThrownBy(() -> s.delete("web/simple/evil/index.html")).hasMessageContaining("leads out");
    assertThat(outside.resolve("index.html")).hasContent("theirs");
    try (Stream<Path> all = Files.list(outside)) {
      assertThat(all).hasSize(1);
    }
    // A symlink that stays inside the tree is fine (bandersnatch links versioned pages this way).
    Files.createDirectories(dir.resolve("m/web/simple/real"));
    Files.createSymbolicLink(dir.resolve("m/web/simple/alias"), dir.resolve("m/web/simple/real"));
    s.write("web/simple/alias/index.html", new byte[] {1});
    assertThat(dir.resolve("m/web/simple/real/index.html")).exists();
  }

  @Test
  void deletePrunesEmptyDirectoriesBelowWebOnly() throws Exception {
    FileSystemStorage s = new FileSystemStorage(dir.resolve("m"));
    s.write("web/packages/ab/cd/f.whl", new byte[] {1});
    assertThat(s.delete("web/packages/ab/cd/f.whl")).isTrue();
    assertThat(dir.resolve("m/web/packages/ab")).doesNotExist();
    assertThat(dir.resolve("m/web/packages")).exists();
    assertThat(s.delete("web/packages/ab/cd/f.whl")).isFalse();
  }

  @Test
  void secondLockIsRefusedAndReleasedOnClose() throws Exception {
    FileSystemStorage s = new FileSystemStorage(dir.resolve("m"));
    try (Storage.Lock lock = s.lock()) {
      assertThatThrownBy(s::lock).isInstanceOf(LockHeldException.class);
    }
    s.lock().close();
  }

  @Test
  void writesAtomicallyWhenPackagesLiveOnAnotherFileSystem() throws Exception {
    Path shm = Path.of("/dev/shm");
    // /dev/shm is a tmpfs on every Linux machine of this kind: a second file system to move across.
    assertThat(Files.isDirectory(shm) && Files.isWritable(shm)).as("/dev/shm is writable").isTrue();
    assertThat(Files.getFileStore(shm)).as("/dev/shm is another file system").isNotEqualTo(Files.getFileStore(dir));
    Path elsewhere = Files.createTempDirectory(shm, "jubjub-test-");
    try {
      FileSystemStorage s = new FileSystemStorage(dir.resolve("m"));
      Files.createDirectories(dir.resolve("m/web"));
      Files.createSymbolicLink(dir.resolve("m/web/packages"), elsewhere);
      s.write("web/packages/aa/bb/f-1.0.whl", "wheel".getBytes(StandardCharsets.UTF_8));
      assertThat(elsewhere.resolve("aa/bb/f-1.0.whl")).hasContent("wheel");
      try (Stream<Path> left = Files.list(elsewhere.resolve("aa/bb"))) {
        assertThat(left.map(p -> p.getFileName().toString())).containsExactly("f-1.0.whl");
      }
    } finally {
      try (Stream<Path> walk = Files.walk(elsewhere)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  @Test
  void jubjubsOwnStateDirectoriesLinkedElsewhereAreRefusedNotEmptied() throws Exception {
    Path root = Files.createDirectories(dir.resolve("linked-state"));
    Path precious = Files.createDirectories(dir.resolve("precious"));
    Files.writeString(precious.resolve("notes.txt"), "keep");
    FileSystemStorage storage = new FileSystemStorage(root);
    Files.createSymbolicLink(root.resolve(".jubjub-progress"), precious);
    assertThatThrownBy(() -> storage.delete(".jubjub-progress/notes.txt")).isInstanceOf(java.io.IOException.class)
        .hasMessageContaining("leads out of the mirror directory");
    assertThatThrownBy(() -> storage.write(".jubjub-progress/new", new byte[1])).isInstanceOf(java.io.IOException.class);
    assertThat(precious.resolve("notes.txt")).hasContent("keep");

    Path other = Files.createDirectories(dir.resolve("linked-temp"));
    Files.createSymbolicLink(other.resolve(".jubjub-tmp"), precious);
    assertThatThrownBy(() -> new FileSystemStorage(other)).isInstanceOf(java.io.IOException.class)
        .hasMessageContaining(".jubjub-tmp is a symbolic link");
    assertThat(precious.resolve("notes.txt")).hasContent("keep");
  }
}
