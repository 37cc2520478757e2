package dev.jubjub.sync;

import dev.jubjub.store.MirrorLayout;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jubjub.store.FileSystemStorage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root index's serials: re-read from pages only when changed or unknown, streamed, sorted. */
class RootIndexWriterTest {
  @TempDir Path dir;

  @Test
  void serialsComeFromTheSerialsFileUnlessChangedOrUnknown() throws IOException {
    FileSystemStorage storage = threeProjects();
    RootIndexWriter writer = new RootIndexWriter(storage, new MirrorLayout(false), SyncOptions.SimpleFormat.ALL);

    writer.write(10);
    storage.write(MirrorLayout.STATUS, "10".getBytes(StandardCharsets.UTF_8));
    assertThat(listed(storage)).containsExactly(Map.entry("a", 1L), Map.entry("b", 2L), Map.entry("c", 3L));
    assertThat(text(storage, RootIndexWriter.SERIALS)).isEqualTo("#status 10\na 1\nb 2\nc 3\n");
    assertThat(writer.knownSerials()).isEqualTo(Map.of("a", 1L, "b", 2L, "c", 3L));

    page(storage, "b", 20);
    page(storage, "c", 30);
    writer.write(11, Set.of("b"), Set.of());
    storage.write(MirrorLayout.STATUS, "11".getBytes(StandardCharsets.UTF_8));
    assertThat(listed(storage)).containsExactly(Map.entry("a", 1L), Map.entry("b", 20L), Map.entry("c", 3L));

    // Out of order or missing lines: those projects' pages are read again.
    storage.write(RootIndexWriter.SERIALS, "#status 11\nc 7\na 5\n".getBytes(StandardCharsets.UTF_8));
    writer.write(11, Set.of(), Set.of("b"));
    assertThat(listed(storage)).containsExactly(Map.entry("a", 1L), Map.entry("c", 7L));
    assertThat(text(storage, RootIndexWriter.SERIALS)).isEqualTo("#status 11\na 1\nc 7\n");
    assertThat(text(storage, MirrorLayout.SIMPLE + "/index.html")).contains("a/").contains("c/").doesNotContain("b/");

    // Another tool moved status on since: every page is read again.
    storage.write(MirrorLayout.STATUS, "12".getBytes(StandardCharsets.UTF_8));
    assertThat(writer.knownSerials()).isEmpty();
    writer.write(12, Set.of(), Set.of());
    assertThat(listed(storage)).containsExactly(Map.entry("a", 1L), Map.entry("b", 20L), Map.entry("c", 30L));
  }

  /**
   * Projects a run left failing are listed at the serial upstream has them at, so a mirror of
   * this tree plans them, on every rewrite of the listing (sync, delete and verify too), never
   * above the listing's serial.
   */
  @Test
  void failedProjectsAreListedAtTheSerialDue() throws IOException {
    FileSystemStorage storage = threeProjects();
    RootIndexWriter writer = new RootIndexWriter(storage, new MirrorLayout(false), SyncOptions.SimpleFormat.ALL);
    storage.write(MirrorLayout.STATUS, "10".getBytes(StandardCharsets.UTF_8));
    new MirrorState(storage).saveTodo(20, Map.of("B", 15L, "c", 25L));

    writer.write(10, Set.of(), Set.of()); // as jubjub sync or delete does

    assertThat(listed(storage)).containsExactly(Map.entry("a", 1L), Map.entry("b", 15L), Map.entry("c", 20L));
    assertThat(new ObjectMapper().readTree(text(storage, MirrorLayout.SIMPLE + "/index.v1_json"))
        .at("/meta/_last-serial").asLong()).isEqualTo(20);
    assertThat(text(storage, RootIndexWriter.SERIALS)).as("the pages' serials, as before")
        .isEqualTo("#status 10\na 1\nb 2\nc 3\n");
  }

  /** A tree of projects a, b and c, whose pages are at serials 1, 2 and 3. */
  private FileSystemStorage threeProjects() throws IOException {
    FileSystemStorage storage = new FileSystemStorage(dir);
    page(storage, "a", 1);
    page(storage, "b", 2);
    page(storage, "c", 3);
    return storage;
  }

  private static void page(FileSystemStorage storage, String name, long serial) throws IOException {
    storage.write(MirrorLayout.SIMPLE + "/" + name + "/index.v1_json",
        ("{\"meta\": {\"_last-serial\": " + serial + "}, \"files\": []}").getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, Long> listed(FileSystemStorage storage) throws IOException {
    JsonNode root = new ObjectMapper().readTree(storage.readAllBytes(MirrorLayout.SIMPLE + "/index.v1_json"));
    Map<String, Long> out = new LinkedHashMap<>();
    root.path("projects").forEach(p -> out.put(p.path("name").asText(), p.path("_last-serial").asLong(-1)));
    return out;
  }

  private static String text(FileSystemStorage storage, String path) throws IOException {
    return new String(storage.readAllBytes(path), StandardCharsets.UTF_8);
  }
}
