package dev.jubjub.sync;

import dev.jubjub.store.Storage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * bandersnatch's {@code diff-file}: the paths this run changed, one a line. On a local tree it is
 * a local file (anywhere); on an object store it is an object of the mirror, as bandersnatch's S3
 * plugin writes it ({@code /bucket/prefix/...}).
 */
final class DiffFileWriter {
  private final SyncOptions options;
  private final Storage storage;

  DiffFileWriter(SyncOptions options, Storage storage) {
    this.options = options;
    this.storage = storage;
  }

  void write(DiffList diff) throws IOException {
    if (options.diffFile().isEmpty()) {
      return;
    }
    Path target = options.diffFile().get();
    if (options.diffAppendEpoch()) {
      target = target.resolveSibling(target.getFileName() + "-" + System.currentTimeMillis() / 1000);
    }
    byte[] text = (String.join("\n", diff.paths()) + (diff.paths().isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8);
    if (storage.localRoot().isEmpty()) {
      Path asked = target;
      storage.write(storage.treePath(target).orElseThrow(() -> new IOException(
          "diff-file " + asked + " is not under the mirror's bucket and prefix")), text);
      return;
    }
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, ".diff-", ".part");
    Files.write(tmp, text);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
