package dev.jubjub.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** bandersnatch's {@code diff-file}: the paths this run changed, one a line. */
final class DiffFileWriter {
  private final SyncOptions options;

  DiffFileWriter(SyncOptions options) {
    this.options = options;
  }

  void write(DiffList diff) throws IOException {
    if (options.diffFile().isEmpty()) {
      return;
    }
    Path target = options.diffFile().get();
    if (options.diffAppendEpoch()) {
      target = target.resolveSibling(target.getFileName() + "-" + System.currentTimeMillis() / 1000);
    }
    Path parent = target.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, ".diff-", ".part");
    Files.writeString(tmp, String.join("\n", diff.paths()) + (diff.paths().isEmpty() ? "" : "\n"), StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
