package dev.jubjub.index;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
    AsciiOut out = new AsciiOut(stream);
    value(node, out, 0);
    out.flush();
    stream.flush();
  }

  /**
   * Characters below 0x80 as bytes, buffered. Not a BufferedWriter: that takes a lock and runs a
   * charset encoder for each of the hundreds of thousands of single characters a JSON copy is
   * written in, which was the largest cost of writing one.
   */
  private static final class AsciiOut implements Appendable {
    private final OutputStream stream;
    private final byte[] buffer = new byte[64 * 1024];
    private int used;

    AsciiOut(OutputStream stream) {
      this.stream = stream;
    }

    @Override
    public Appendable append(CharSequence text) throws IOException {
      return append(text, 0, text.length());
    }

    @Override
    public Appendable append(CharSequence text, int start, int end) throws IOException {
      for (int i = start; i < end; i++) {
        append(text.charAt(i));
      }
      return this;
    }

    @Override
    public Appendable append(char c) throws IOException {
      if (c > 0x7f) {
        // Everything above is escaped before it gets here; a byte cut from a char would be garbage.
        throw new IllegalStateException("not ASCII: U+" + Integer.toHexString(c));
      }
      if (used == buffer.length) {
        flush();
      }
      buffer[used++] = (byte) c;
      return this;
    }

    void flush() throws IOException {
      stream.write(buffer, 0, used);
      used = 0;
    }
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
    out.append(index > 0 ? ",\n" : "\n");
    indentation(out, depth);
  }

  private void close(Appendable out, int depth) throws IOException {
    if (indent > 0) {
      out.append('\n');
      indentation(out, depth);
    }
  }

  private void indentation(Appendable out, int depth) throws IOException {
    for (int left = indent * depth; left > 0; left -= SPACES.length()) {
      out.append(SPACES, 0, Math.min(left, SPACES.length()));
    }
  }

  private static final String SPACES = " ".repeat(64);

  /**
   * Python sorts str keys by code point; Java's String order is by UTF-16 unit. The two agree up to
   * the first difference unless a surrogate is involved there (one at that index, or a high one
   * both share just before it), so code points are compared only then.
   */
  static int compareCodePoints(String a, String b) {
    int common = Math.min(a.length(), b.length());
    for (int i = 0; i < common; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (Character.isSurrogate(x) || Character.isSurrogate(y)
            || (i > 0 && Character.isHighSurrogate(a.charAt(i - 1)))) {
          return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  static void string(String s, Appendable out) throws IOException {
    out.append('"');
    int plain = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c <= 0x7e && c != '"' && c != '\\') {
        continue;
      }
      String escape = switch (c) {
        case '"' -> "\\\"";
        case '\\' -> "\\\\";
        case '\n' -> "\\n";
        case '\r' -> "\\r";
        case '\t' -> "\\t";
        case '\b' -> "\\b";
        case '\f' -> "\\f";
        default -> null;
      };
      // Runs of plain characters go out whole; escapes and non-ASCII one at a time.
      out.append(s, plain, i);
      if (escape != null) {
        out.append(escape);
      } else {
        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
            .append(HEX[c & 0xf]);
      }
      plain = i + 1;
    }
    out.append(s, plain, s.length());
    out.append('"');
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * Python's {@code repr} of a float, as {@code json.dumps} writes it: the fewest digits that read
   * back as the same double (the closest such), in positional notation for decimal exponents from
   * -4 to 15 and otherwise as {@code 1.5e+16} or {@code 1e-05}. JSON API documents rarely carry
   * floats; this is not a hot path.
   */
  static String pyFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return 1 / d < 0 ? "-0.0" : "0.0";
    }
    BigDecimal exact = new BigDecimal(d);
    BigDecimal shortest = exact;
    for (int digits = 1; digits <= 17; digits++) {
      BigDecimal candidate = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == d) {
        shortest = candidate;
        break;
      }
    }
    shortest = shortest.stripTrailingZeros().abs();
    String unscaled = shortest.unscaledValue().toString();
    int exponent = unscaled.length() - 1 - shortest.scale();
    String sign = d < 0 ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
      String plain = shortest.toPlainString();
      return sign + (plain.contains(".") ? plain : plain + ".0");
    }
    String mantissa = unscaled.length() == 1 ? unscaled : unscaled.charAt(0) + "." + unscaled.substring(1);
    int magnitude = Math.abs(exponent);
    return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + magnitude;
  }
}
