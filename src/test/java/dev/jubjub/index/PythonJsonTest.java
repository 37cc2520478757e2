package dev.jubjub.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.pypi.JsonApiParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks our bytes against Python's own json module, the reference bandersnatch writes with. */
class PythonJsonTest {
  static final String SAMPLE =
      "{\"b\": [1, 2.5, {\"z\": null, \"a\": true}], \"a\": \"caf\\u00e9 \\\"q\\\" \\n \\u2603 \\ud83d\\ude00 /\","
          + " \"e\": {}, \"f\": [], \"n\": -12345678901234}";

  @Test
  void compactMatchesPythonJsonDumps(@TempDir Path dir) throws Exception {
    JsonNode node = JsonApiParser.MAPPER.readTree(SAMPLE);
    assertThat(PythonJson.COMPACT.write(node)).isEqualTo(python(dir, "json.dumps(d)"));
  }

  @Test
  void prettySortedMatchesPythonJsonDump(@TempDir Path dir) throws Exception {
    JsonNode node = JsonApiParser.MAPPER.readTree(SAMPLE);
    assertThat(PythonJson.PRETTY_SORTED.write(node))
        .isEqualTo(python(dir, "json.dumps(d, indent=4, sort_keys=True)"));
  }

  private static String python(Path dir, String expression) throws IOException, InterruptedException {
    Path input = Files.writeString(dir.resolve("in.json"), SAMPLE);
    Process p =
        new ProcessBuilder(
                "python3", "-c",
                "import json,sys; d=json.load(open(sys.argv[1])); sys.stdout.write(" + expression + ")",
                input.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
