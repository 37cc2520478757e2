package dev.jubjub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.store.FileSystemStorage;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorStateTest {
  @TempDir Path dir;

  @Test
  void progressNotesSkipFinishedProjectsButNeverNewerWork() throws Exception {
    MirrorState state = new MirrorState(new FileSystemStorage(dir));
    Map<String, Long> todo = new LinkedHashMap<>(Map.of("a", 5L, "b", 6L, "c", 7L, "d", 8L));
    state.saveTodo(10, todo);
    state.saveProgress(Map.of("a", 5L));
    assertThat(state.saveProgress(Map.of("b", 9L, "c", 3L))).isEqualTo(2);
    // c was noted at an older serial than the todo asks for: still to do.
    assertThat(state.loadTodo().orElseThrow().projects()).containsOnlyKeys("c", "d");

    state.saveTodo(12, Map.of("a", 11L, "d", 8L));
    assertThat(state.saveProgress(Map.of())).isZero();
    assertThat(state.loadTodo().orElseThrow().projects()).containsOnlyKeys("a", "d");
    state.clearTodo();
    assertThat(state.loadTodo()).isEmpty();
  }

  @Test
  void damagedProgressNotesAreIgnoredWithAWarningNeverSkippingWork() throws Exception {
    MirrorState state = new MirrorState(new FileSystemStorage(dir));
    state.saveTodo(10, new LinkedHashMap<>(Map.of("a", 5L, "b", 6L)));
    java.nio.file.Files.createDirectories(dir.resolve(MirrorState.PROGRESS + "/a-directory"));
    java.nio.file.Files.writeString(dir.resolve(MirrorState.PROGRESS + "/garbage"), "\u0000\u0001 not a note\nb x\n");
    state.saveProgress(Map.of("a", 5L));
    assertThat(state.loadTodo().orElseThrow().projects()).containsOnlyKeys("b");

    // A file where the notes' directory belongs: the notes are ignored, and the next save repairs it.
    state.saveTodo(10, new LinkedHashMap<>(Map.of("a", 5L, "b", 6L)));
    java.nio.file.Files.delete(dir.resolve(MirrorState.PROGRESS + "/a-directory"));
    java.nio.file.Files.delete(dir.resolve(MirrorState.PROGRESS));
    java.nio.file.Files.writeString(dir.resolve(MirrorState.PROGRESS), "damaged");
    assertThat(state.loadTodo().orElseThrow().projects()).containsOnlyKeys("a", "b");
    state.saveTodo(10, new LinkedHashMap<>(Map.of("a", 5L, "b", 6L)));
    state.saveProgress(Map.of("b", 6L));
    assertThat(state.loadTodo().orElseThrow().projects()).containsOnlyKeys("a");
  }
}
