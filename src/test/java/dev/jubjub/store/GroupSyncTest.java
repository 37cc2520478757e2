package dev.jubjub.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupSyncTest {
  @TempDir Path dir;

  @Test
  void barriersUseSyncfsAndForgetTheFilesTheyMadeDurable() throws Exception {
    GroupSync sync = new GroupSync(List.of(dir, dir.resolve("not-there")));
    Path file = Files.writeString(dir.resolve("a"), "x");
    sync.committed(file);
    assertThat(sync.pendingFiles()).isEqualTo(1);
    sync.barrier();
    assertThat(sync.usesSyncfs()).isTrue();
    assertThat(sync.pendingFiles()).isZero();
    sync.committed(Files.writeString(dir.resolve("b"), "y"));
    assertThat(sync.pendingFiles()).as("with syncfs, files need not be remembered").isZero();
  }

  @Test
  void withoutSyncTheFilesWrittenSinceTheLastBarrierAreFsyncedOneByOne() throws Exception {
    GroupSync sync = new GroupSync(List.of(dir), "no-such-sync-command-here");
    Path a = Files.writeString(dir.resolve("a"), "x");
    Path gone = Files.writeString(dir.resolve("gone"), "y");
    sync.committed(a);
    sync.committed(gone);
    Files.delete(gone);
    sync.barrier();
    assertThat(sync.usesSyncfs()).isFalse();
    assertThat(sync.pendingFiles()).isZero();
    sync.committed(Files.writeString(dir.resolve("c"), "z"));
    assertThat(sync.pendingFiles()).isEqualTo(1);
    sync.barrier();
    assertThat(sync.pendingFiles()).isZero();
  }

  @Test
  void aFailingSyncIsAnErrorNotASilentFallback() throws Exception {
    Path script = Files.writeString(dir.resolve("failing-sync"), "#!/bin/sh\necho 'Input/output error' >&2\nexit 1\n");
    script.toFile().setExecutable(true);
    GroupSync sync = new GroupSync(List.of(dir), script.toString());
    sync.committed(Files.writeString(dir.resolve("a"), "x"));
    org.assertj.core.api.Assertions.assertThatThrownBy(sync::barrier)
        .hasMessageContaining("Input/output error");
  }

  @Test
  void onJdk22AndLaterSyncfsRunsInThisProcess() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 22, "the FFM API is final from JDK 22");
    NativeSyncfs syncfs = NativeSyncfs.load().orElseThrow();
    syncfs.syncfs(dir);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> syncfs.syncfs(dir.resolve("missing")))
        .isInstanceOf(java.io.IOException.class)
        .hasMessageContaining(dir.resolve("missing").toString());
  }
}
