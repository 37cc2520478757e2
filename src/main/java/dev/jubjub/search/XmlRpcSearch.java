package dev.jubjub.search;

import dev.jubjub.search.SearchResults.Hit;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * PyPI's XML-RPC endpoint and its {@code search(spec, operator)}, which {@code pip search} calls:
 * {@code {"name": [q], "summary": [q]}, "or"}. The answer is PyPI's: an array of structs with
 * {@code name}, {@code summary}, {@code version} and {@code _pypi_ordering}. The server names the
 * other methods it answers ({@link #answer}); anything else, including a request that is not
 * XML-RPC at all, is answered with a fault, which XML-RPC clients (pip among them) show as a
 * message rather than crash on. Requests are hostile input: bounded in size, depth and count,
 * and read with DTDs and external entities off.
 */
public final class XmlRpcSearch {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(XmlRpcSearch.class);
  public static final int MAX_REQUEST_BYTES = 64 * 1024;
  /** As PyPI: the best 100 matches. */
  public static final int MAX_RESULTS = 100;
  public static final int PARSE_ERROR = -32700;
  static final int METHOD_NOT_FOUND = -32601;
  static final int INVALID_PARAMS = -32602;
  public static final int SERVER_ERROR = -32500;
  private static final int MAX_DEPTH = 16;
  private static final int MAX_VALUES = 4096;

  private XmlRpcSearch() {}

  /** A fault: its code and a message for the user. */
  public static final class Fault extends Exception {
    final int code;

    public Fault(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  record Call(String method, List<Object> params) {}

  /** One method of the endpoint: its response document for the call's parameters. */
  @FunctionalInterface
  public interface Method {
    byte[] call(List<Object> params) throws Fault, IOException;
  }

  /**
   * The response document for a request body: the named method's answer, or a fault saying why
   * not.
   *
   * @param methods the methods answered, by name
   * @throws IOException when a method could not read what it answers from
   */
  public static byte[] answer(byte[] body, Map<String, Method> methods) throws IOException {
    try {
      Call call = parse(body);
      Method method = methods.get(call.method());
      if (method == null) {
        throw new Fault(METHOD_NOT_FOUND, "method '" + call.method() + "' is not supported: this mirror answers only "
            + new TreeSet<>(methods.keySet()).stream().map(name -> "'" + name + "'").collect(Collectors.joining(", ")));
      }
      return method.call(call.params());
    } catch (Fault f) {
      return fault(f.code, f.getMessage());
    } catch (IllegalArgumentException e) {
      return fault(INVALID_PARAMS, e.getMessage());
    } catch (RuntimeException e) {
      // An XML-RPC client (pip) reads a fault; an HTML 500 crashes it.
      log.error("XML-RPC: the call failed", e);
      return fault(SERVER_ERROR, "the call failed on the server: " + e);
    }
  }

  /** {@code search} over the index. */
  public static Method search(ProjectSearch search) {
    return params -> results(search(params, search));
  }

  /** Whether a request to a path that is not only XML-RPC's ({@code /}) is meant for it. */
  public static boolean looksLikeCall(String contentType, byte[] body) {
    if (contentType != null && contentType.toLowerCase(Locale.ROOT).matches("\\s*(text|application)/xml\\b.*")) {
      return true;
    }
    String start = new String(body, 0, Math.min(body.length, 64), StandardCharsets.UTF_8)
        .replaceFirst("^\uFEFF", "").stripLeading();
    return start.startsWith("<?xml") || start.startsWith("<methodCall");
  }

  private static List<Hit> search(List<Object> params, ProjectSearch search) throws Fault {
    if (params.isEmpty() || params.size() > 2 || !(params.get(0) instanceof Map<?, ?> spec)) {
      throw new Fault(INVALID_PARAMS, "search takes a struct of field: [terms] and an optional operator,"
          + " e.g. search({'name': ['flask']}, 'or')");
    }
    String operator = params.size() == 2 ? String.valueOf(params.get(1)).strip().toLowerCase(Locale.ROOT) : "and";
    if (!operator.equals("and") && !operator.equals("or")) {
      throw new Fault(INVALID_PARAMS, "the operator must be 'and' or 'or'");
    }
    Set<String> terms = new LinkedHashSet<>();
    for (Object value : spec.values()) {
      if (value instanceof List<?> list) {
        list.forEach(v -> addTerm(terms, v));
      } else {
        addTerm(terms, value);
      }
    }
    if (terms.isEmpty()) {
      throw new Fault(INVALID_PARAMS, "search needs at least one term, e.g. search({'name': ['flask']}, 'or')");
    }
    try {
      List<Hit> hits = search.search(String.join(" ", terms), 1, MAX_RESULTS, operator.equals("and"), false).hits();
      if (hits.isEmpty() && search.projects() == 0) {
        throw new Fault(SERVER_ERROR, ProjectSearch.EMPTY_INDEX); // else pip says only "no match"
      }
      return hits;
    } catch (SearchUnavailableException e) {
      throw new Fault(SERVER_ERROR, e.getMessage());
    }
  }

  private static void addTerm(Set<String> terms, Object value) {
    if (value instanceof String s && !s.isBlank()) {
      terms.add(s.strip());
    }
  }

  /** Reads a method call; anything but a well-formed, bounded XML-RPC call is a parse fault. */
  static Call parse(byte[] body) throws Fault {
    if (body.length > MAX_REQUEST_BYTES) {
      throw new Fault(PARSE_ERROR, "request too large (over " + MAX_REQUEST_BYTES + " bytes)");
    }
    if (!wellEncoded(body)) {
      throw new Fault(PARSE_ERROR, "malformed XML-RPC request: not UTF-8");
    }
    try {
      XMLStreamReader r = reader(body);
      if (nextTag(r) != XMLStreamConstants.START_ELEMENT || !r.getLocalName().equals("methodCall")) {
        throw new Fault(PARSE_ERROR, "not an XML-RPC method call");
      }
      String method = null;
      List<Object> params = new ArrayList<>();
      int[] count = {0};
      while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
        switch (r.getLocalName()) {
          case "methodName" -> method = r.getElementText().strip();
          case "params" -> {
            while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
              expect(r, "param");
              nextTag(r);
              expect(r, "value");
              params.add(value(r, 1, count));
              nextTag(r); // </param>
            }
          }
          default -> throw new Fault(PARSE_ERROR, "unexpected element in methodCall");
        }
      }
      if (method == null || method.isEmpty()) {
        throw new Fault(PARSE_ERROR, "no methodName");
      }
      return new Call(method, params);
    } catch (XMLStreamException | MissingResourceException e) {
      throw new Fault(PARSE_ERROR, "malformed XML-RPC request");
    }
  }

  /** The value whose {@code <value>} start tag was just read; leaves the reader at its end tag. */
  private static Object value(XMLStreamReader r, int depth, int[] count) throws XMLStreamException, Fault {
    if (depth > MAX_DEPTH || ++count[0] > MAX_VALUES) {
      throw new Fault(PARSE_ERROR, "request nested too deep or too many values");
    }
    StringBuilder untyped = new StringBuilder();
    while (true) {
      int event = next(r);
      if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA
          || event == XMLStreamConstants.SPACE) {
        untyped.append(r.getText());
      } else if (event == XMLStreamConstants.END_ELEMENT) {
        return untyped.toString(); // <value>text</value> is a string
      } else if (event == XMLStreamConstants.START_ELEMENT) {
        break;
      }
    }
    Object typed = switch (r.getLocalName()) {
      case "string" -> r.getElementText();
      case "int", "i4", "i8" -> integer(r.getElementText());
      case "boolean" -> r.getElementText().strip().equals("1");
      case "double" -> r.getElementText().strip();
      case "nil" -> {
        r.getElementText();
        yield "";
      }
      case "array" -> array(r, depth, count);
      case "struct" -> struct(r, depth, count);
      default -> throw new Fault(PARSE_ERROR, "unsupported XML-RPC type");
    };
    if (nextTag(r) != XMLStreamConstants.END_ELEMENT) {
      throw new Fault(PARSE_ERROR, "a value holds more than one type");
    }
    return typed;
  }

  private static Object integer(String text) throws Fault {
    try {
      return Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new Fault(PARSE_ERROR, "not an integer");
    }
  }

  private static List<Object> array(XMLStreamReader r, int depth, int[] count) throws XMLStreamException, Fault {
    List<Object> items = new ArrayList<>();
    nextTag(r);
    expect(r, "data");
    while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
      expect(r, "value");
      items.add(value(r, depth + 1, count));
    }
    nextTag(r); // </array>
    return items;
  }

  private static Map<String, Object> struct(XMLStreamReader r, int depth, int[] count) throws XMLStreamException, Fault {
    Map<String, Object> members = new LinkedHashMap<>();
    while (nextTag(r) == XMLStreamConstants.START_ELEMENT) {
      expect(r, "member");
      nextTag(r);
      expect(r, "name");
      String name = r.getElementText().strip();
      nextTag(r);
      expect(r, "value");
      members.put(name, value(r, depth + 1, count));
      nextTag(r); // </member>
    }
    return members;
  }

  private static void expect(XMLStreamReader r, String element) throws Fault {
    if (!r.isStartElement() || !r.getLocalName().equals(element)) {
      throw new Fault(PARSE_ERROR, "expected <" + element + ">");
    }
  }

  /** The next start or end tag, skipping whitespace and comments; other text there is an error. */
  private static int nextTag(XMLStreamReader r) throws XMLStreamException, Fault {
    while (true) {
      int event = next(r);
      switch (event) {
        case XMLStreamConstants.START_ELEMENT, XMLStreamConstants.END_ELEMENT, XMLStreamConstants.END_DOCUMENT -> {
          return event;
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE -> {
          if (!r.isWhiteSpace()) {
            throw new Fault(PARSE_ERROR, "unexpected text in an XML-RPC request");
          }
        }
        default -> { }
      }
    }
  }

  /** XML-RPC never needs a DOCTYPE or entities: one is refused, never expanded or fetched. */
  private static int next(XMLStreamReader r) throws XMLStreamException, Fault {
    if (!r.hasNext()) {
      return XMLStreamConstants.END_DOCUMENT;
    }
    int event = r.next();
    if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
      throw new Fault(PARSE_ERROR, "DOCTYPE and entity references are not allowed in XML-RPC");
    }
    return event;
  }

  /**
   * Whether a body without a UTF-16 byte order mark is UTF-8: checked here, as the JDK's parser
   * prints a malformed one on stderr, which any client could fill.
   */
  private static boolean wellEncoded(byte[] body) {
    if (body.length >= 2 && ((body[0] == (byte) 0xFE && body[1] == (byte) 0xFF)
        || (body[0] == (byte) 0xFF && body[1] == (byte) 0xFE))) {
      return true;
    }
    try {
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static XMLStreamReader reader(byte[] body) throws XMLStreamException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    return factory.createXMLStreamReader(new ByteArrayInputStream(body));
  }

  static byte[] results(List<Hit> hits) {
    StringBuilder xml = new StringBuilder(256 + hits.size() * 256);
    xml.append("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n");
    for (Hit h : hits) {
      xml.append("<value><struct>\n");
      member(xml, "name", h.name());
      member(xml, "summary", h.summary());
      member(xml, "version", h.version());
      // PyPI (warehouse) sent false here; clients kept the order of the array.
      xml.append("<member>\n<name>_pypi_ordering</name>\n<value><boolean>0</boolean></value>\n</member>\n");
      xml.append("</struct></value>\n");
    }
    xml.append("</data></array></value>\n</param>\n</params>\n</methodResponse>\n");
    return xml.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A response carrying one integer, as {@code changelog_last_serial} answers. */
  public static byte[] integer(long value) {
    return ("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><int>" + value
        + "</int></value>\n</param>\n</params>\n</methodResponse>\n").getBytes(StandardCharsets.UTF_8);
  }

  private static void member(StringBuilder xml, String name, String value) {
    xml.append("<member>\n<name>").append(name).append("</name>\n<value><string>").append(escape(value))
        .append("</string></value>\n</member>\n");
  }

  /** A fault response; the message is escaped and cleaned (it may quote the request). */
  public static byte[] fault(int code, String message) {
    String xml = "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n"
        + "<member>\n<name>faultCode</name>\n<value><int>" + code + "</int></value>\n</member>\n"
        + "<member>\n<name>faultString</name>\n<value><string>" + escape(message) + "</string></value>\n</member>\n"
        + "</struct></value>\n</fault>\n</methodResponse>\n";
    return xml.getBytes(StandardCharsets.UTF_8);
  }

  /** A fault for a request that is not a POST: XML-RPC clients always POST. */
  public static byte[] notPost(String method) {
    return fault(PARSE_ERROR, "XML-RPC takes a POST with a methodCall, not " + Text.clean(method, 16)
        + "; the simple index is at /simple/ and search at /search?q=…");
  }

  private static String escape(String text) {
    return Text.clean(text, Integer.MAX_VALUE).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
