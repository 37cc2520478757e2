package dev.jubjub.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The XML-RPC methods mirrors use ({@code list_packages_with_serial}, {@code
 * changelog_since_serial}, {@code changelog_last_serial}, {@code list_packages}); others answer
 * with a fault, as PyPI's endpoint does.
 */
final class XmlRpc {
  private XmlRpc() {}

  record Call(String method, List<String> params) {}

  static Response handle(byte[] body, Universe universe) {
    Call call;
    try {
      call = parse(body);
    } catch (XMLStreamException | RuntimeException e) {
      return fault(-32700, "parse error: " + e.getMessage());
    }
    var xml = new StringBuilder();
    switch (call.method()) {
      case "list_packages_with_serial" -> {
        xml.append("<struct>\n");
        for (UpstreamProject p : universe.listing().projects()) {
          xml.append("<member>\n<name>").append(escape(p.name())).append("</name>\n<value><int>")
              .append(p.lastSerial()).append("</int></value>\n</member>\n");
        }
        xml.append("</struct>");
      }
      case "list_packages" -> {
        xml.append("<array><data>\n");
        universe.projects().forEach(p -> xml.append("<value><string>").append(escape(p.name())).append("</string></value>\n"));
        xml.append("</data></array>");
      }
      case "changelog_last_serial" -> xml.append("<int>").append(universe.serial()).append("</int>");
      case "changelog_since_serial" -> {
        if (call.params().size() != 1 || !call.params().get(0).matches("-?\\d+")) {
          return fault(-32500, "changelog_since_serial takes one int, got " + call.params());
        }
        xml.append("<array><data>\n");
        for (ChangelogEntry e : universe.changelogSince(Long.parseLong(call.params().get(0)))) {
          xml.append("<value><array><data>\n")
              .append("<value><string>").append(escape(e.name())).append("</string></value>\n")
              .append(e.version() == null ? "<value><nil/></value>\n" : "<value><string>" + escape(e.version()) + "</string></value>\n")
              .append("<value><int>").append(e.timestamp()).append("</int></value>\n")
              .append("<value><string>").append(escape(e.action())).append("</string></value>\n")
              .append("<value><int>").append(e.serial()).append("</int></value>\n")
              .append("</data></array></value>\n");
        }
        xml.append("</data></array>");
      }
      default -> {
        return fault(-32601, "server error; requested method not found: " + call.method());
      }
    }
    return xml("<params>\n<param>\n<value>" + xml + "</value>\n</param>\n</params>\n");
  }

  /** Method name and scalar parameters as text; external entities and DTDs are refused. */
  static Call parse(byte[] body) throws XMLStreamException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    XMLStreamReader reader = factory.createXMLStreamReader(new ByteArrayInputStream(body));
    String method = null;
    List<String> params = new ArrayList<>();
    boolean inParam = false;
    while (reader.hasNext()) {
      if (reader.next() != XMLStreamReader.START_ELEMENT) {
        continue;
      }
      switch (reader.getLocalName()) {
        case "methodName" -> method = reader.getElementText().trim();
        case "param" -> inParam = true;
        case "int", "i4", "i8", "string", "boolean", "double" -> {
          if (inParam) {
            params.add(reader.getElementText().trim());
            inParam = false;
          }
        }
        default -> { }
      }
    }
    if (method == null) {
      throw new XMLStreamException("no methodName");
    }
    return new Call(method, params);
  }

  private static Response fault(int code, String message) {
    return xml("<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>" + code
        + "</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>"
        + escape(message) + "</string></value>\n</member>\n</struct></value>\n</fault>\n");
  }

  private static Response xml(String inner) {
    String doc = "<?xml version='1.0'?>\n<methodResponse>\n" + inner + "</methodResponse>\n";
    return Response.ok("text/xml", doc.getBytes(StandardCharsets.UTF_8));
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
