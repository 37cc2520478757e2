package dev.jubjub.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON the way Python's {@code json.dumps} does (ASCII-only, {@code ", "}/{@code ": "}
 * separators, optional indent and sorted keys), so pages and JSON copies are byte-identical to
 * bandersnatch's.
 */
public final class PythonJson {
  private final boolean sortKeys;
  private final int indent;

  private PythonJson(boolean sortKeys, int indent) {
    this.sortKeys = sortKeys;
    this.indent = indent;
  }

  /** {@code json.dumps(obj)}. */
  public static final PythonJson COMPACT = new PythonJson(false, 0);

  /** {@code json.dump(obj, indent=4, sort_keys=True)}, as bandersnatch saves the JSON API copy. */
  public static final PythonJson PRETTY_SORTED = new PythonJson(true, 4);

  public String write(JsonNode node) {
    StringBuilder out = new StringBuilder();
    try {
      value(node, out, 0);
    } catch (IOException e) {
      throw new UncheckedIOException("a StringBuilder does not fail", e);
    }
    return out.toString();
  }

  /**
   * Streams the text (ASCII only, so its bytes are its characters): a large document is never
   * held a second time as a string.
   */
  public void write(JsonNode node, OutputStream stream) throws IOException {
    Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.US_ASCII), 64 * 1024);
    value(node, out, 0);
    out.flush();
  }

  private void value(JsonNode node, Appendable out, int depth) throws IOException {
    switch (node.getNodeType()) {
      case OBJECT -> object(node, out, depth);
      case ARRAY -> array(node, out, depth);
      case STRING -> string(node.textValue(), out);
      case BOOLEAN -> out.append(node.booleanValue() ? "true" : "false");
      case NUMBER -> out.append(node.isIntegralNumber() ? node.bigIntegerValue().toString() : pyFloat(node.doubleValue()));
      default -> out.append("null");
    }
  }

  private void object(JsonNode node, Appendable out, int depth) throws IOException {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    fields.addAll(node.properties());
    if (fields.isEmpty()) {
      out.append("{}");
      return;
    }
    if (sortKeys) {
      fields.sort(Map.Entry.comparingByKey(PythonJson::compareCodePoints));
    }
    out.append('{');
    for (int i = 0; i < fields.size(); i++) {
      separator(out, i, depth + 1);
      string(fields.get(i).getKey(), out);
      out.append(": ");
      value(fields.get(i).getValue(), out, depth + 1);
    }
    close(out, depth);
    out.append('}');
  }

  private void array(JsonNode node, Appendable out, int depth) throws IOException {
    if (node.isEmpty()) {
      out.append("[]");
      return;
    }
    out.append('[');
    for (int i = 0; i < node.size(); i++) {
      separator(out, i, depth + 1);
      value(node.get(i), out, depth + 1);
    }
    close(out, depth);
    out.append(']');
  }

  private void separator(Appendable out, int index, int depth) throws IOException {
    if (indent == 0) {
      if (index > 0) {
        out.append(", ");
      }
      return;
    }
    out.append(index > 0 ? ",\n" : "\n").append(" ".repeat(indent * depth));
  }

  private void close(Appendable out, int depth) throws IOException {
    if (indent > 0) {
      out.append('\n').append(" ".repeat(indent * depth));
    }
  }

  /** Python sorts str keys by code point; Java's String order is by UTF-16 unit. */
  private static int compareCodePoints(String a, String b) {
    return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
  }

  static void string(String s, Appendable out) throws IOException {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Python's float repr for the common cases; JSON API documents rarely carry floats at all. */
  private static String pyFloat(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e16) {
      return String.format("%.1f", d);
    }
    return Double.toString(d).replace("E", "e+").replace("e+-", "e-");
  }
}
