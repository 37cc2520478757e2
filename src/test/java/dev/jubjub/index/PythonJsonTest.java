package dev.jubjub.index;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.pypi.JsonApiParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  /**
   * Keys a surrogate pair sorts differently by UTF-16 unit and by code point, every escape, DEL,
   * nesting deeper than the indentation's block of spaces, and more than the stream's 64 KiB
   * buffer: streamed, as JSON copies are written, byte for byte Python's.
   */
  @Test
  void streamedPrettySortedMatchesPythonOnAnAwkwardLargeDocument(@TempDir Path dir) throws Exception {
    StringBuilder json = new StringBuilder("{\"\\uffff\": 1, \"\\ud83d\\ude00\": 2, \"\\u00e9\": 3, \"e\": 4,");
    json.append(" \"\\ud800\\udc00\": 5, \"\\ud800\\ue000\": 6, \"\\ud800\\ud800\\udc00\": 7,");
    json.append(" \"esc\": \"\\u0001\\b\\f\\t\\r\\n\\u007f\\\\ \\\" \\u2603x\",");
    json.append(" \"deep\": ").append("[".repeat(20)).append("{\"k\": \"v\"}").append("]".repeat(20)).append(",");
    json.append(" \"big\": [");
    for (int i = 0; i < 3000; i++) {
      json.append(i > 0 ? ", " : "").append("{\"name\": \"pkg-").append(i).append("\\u00fc\", \"n\": ").append(i).append("}");
    }
    json.append("]}");
    JsonNode node = JsonApiParser.MAPPER.readTree(json.toString());
    java.io.ByteArrayOutputStream streamed = new java.io.ByteArrayOutputStream();
    PythonJson.PRETTY_SORTED.write(node, streamed);
    assertThat(streamed.size()).isGreaterThan(64 * 1024);
    assertThat(streamed.toString(StandardCharsets.US_ASCII))
        .isEqualTo(python(dir, json.toString(), "json.dumps(d, indent=4, sort_keys=True)"));
    assertThat(PythonJson.COMPACT.write(node)).isEqualTo(python(dir, json.toString(), "json.dumps(d)"));
  }

  /** Python's float repr: shortest digits, positional from 1e-4 to below 1e16, two-digit exponents. */
  @Test
  void floatsAreWrittenAsPythonWritesThem(@TempDir Path dir) throws Exception {
    List<Double> values = new java.util.ArrayList<>(List.of(1e16, 1e17, 1e22, 1e-5, 2.5e-7, 0.0001, 12345678.9,
        Double.MIN_VALUE, Double.MAX_VALUE, -0.0, 0.1, 1.5, -3.25, 123456789012345.6, 9999999999999998.0, 1e-4,
        0.00009999, 1e300, 2.2250738585072014e-308, 100.0, -1e100));
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 300; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (Double.isFinite(d)) {
        values.add(d);
      }
      values.add(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
    }
    String document = values.stream().map(d -> Double.toString(d)).collect(java.util.stream.Collectors.joining(", ", "[", "]"));
    JsonNode node = JsonApiParser.MAPPER.readTree(document);
    assertThat(PythonJson.COMPACT.write(node)).isEqualTo(python(dir, document, "json.dumps(d)"));
  }

  /** Against the plain definition, on strings made of the characters where the two orders part. */
  @Test
  void keysCompareByCodePointAsPythonSortsThem() {
    char[] alphabet = {'A', 'z', '\u00e9', '\ud800', '\udbff', '\udc00', '\udfff', '\ue000', '\uffff'};
    java.util.Random random = new java.util.Random(7);
    for (int n = 0; n < 200_000; n++) {
      String a = randomString(random, alphabet);
      String b = randomString(random, alphabet);
      int expected = Integer.signum(java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray()));
      assertThat(Integer.signum(PythonJson.compareCodePoints(a, b))).as("%s vs %s", escape(a), escape(b))
          .isEqualTo(expected);
    }
  }

  private static String randomString(java.util.Random random, char[] alphabet) {
    char[] chars = new char[random.nextInt(5)];
    for (int i = 0; i < chars.length; i++) {
      chars[i] = alphabet[random.nextInt(alphabet.length)];
    }
    return new String(chars);
  }

  private static String escape(String s) {
    StringBuilder out = new StringBuilder();
    s.chars().forEach(c -> out.append(String.format("\\u%04x", c)));
    return out.toString();
  }

  private static String python(Path dir, String expression) throws IOException, InterruptedException {
    return python(dir, SAMPLE, expression);
  }

  private static String python(Path dir, String document, String expression) throws IOException, InterruptedException {
    Path input = Files.writeString(dir.resolve("in.json"), document);
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
