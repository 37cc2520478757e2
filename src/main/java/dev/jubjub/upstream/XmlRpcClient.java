package dev.jubjub.upstream;

import dev.jubjub.pypi.ProjectName;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.MissingResourceException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The small XML-RPC subset a mirror needs from upstreams without the PEP 691 listing. No library
 * for this is maintained; the JDK's StAX reader is used with DTDs and external entities off, so a
 * hostile answer cannot expand entities or read local files.
 */
final class XmlRpcClient {
  private static final Logger log = LoggerFactory.getLogger(XmlRpcClient.class);
  private final HttpFetcher http;
  private final URI endpoint;

  private static final Pattern LAST_SERIAL = Pattern.compile(
      "(?s)\\s*(?:<\\?xml[^>]*\\?>)?\\s*<methodResponse>\\s*<params>\\s*<param>\\s*<value>\\s*"
          + "<(?:int|i4|i8)>\\s*(\\d{1,18})\\s*</(?:int|i4|i8)>\\s*</value>\\s*</param>\\s*</params>\\s*"
          + "</methodResponse>\\s*");

  XmlRpcClient(HttpFetcher http, URI endpoint) {
    this.http = http;
    this.endpoint = endpoint;
  }

  Listing listPackagesWithSerial() throws UpstreamException {
    byte[] request =
        ("<?xml version='1.0'?><methodCall><methodName>list_packages_with_serial</methodName>"
                + "<params></params></methodCall>")
            .getBytes(StandardCharsets.UTF_8);
    return parseListing(endpoint, http.post(endpoint, "text/xml", request).body());
  }

  /**
   * {@code changelog_last_serial}: upstream's serial in one small request. Read with a pattern,
   * not an XML parser: the answer is one integer, and a run that asks this is one that should
   * cost next to nothing.
   */
  long changelogLastSerial() throws UpstreamException {
    byte[] request = ("<?xml version='1.0'?><methodCall><methodName>changelog_last_serial</methodName>"
        + "<params></params></methodCall>").getBytes(StandardCharsets.UTF_8);
    byte[] body = http.post(endpoint, "text/xml", request).body();
    String answer = new String(body, 0, Math.min(body.length, 4096), StandardCharsets.UTF_8);
    Matcher m = LAST_SERIAL.matcher(answer);
    if (body.length > 4096 || answer.contains("<fault>") || !m.matches()) {
      throw new UpstreamException(endpoint, "no changelog_last_serial answer", null);
    }
    return Long.parseLong(m.group(1));
  }

  /** Reads a {@code list_packages_with_serial} answer; any malformed one is an {@link UpstreamException}. */
  static Listing parseListing(URI endpoint, byte[] body) throws UpstreamException {
    Map<String, Listing.Entry> projects = new HashMap<>();
    try {
      XMLStreamReader r = reader(body);
      String member = null;
      boolean root = true;
      while (r.hasNext()) {
        int event = next(r);
        if (event != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        if (root && !r.getLocalName().equals("methodResponse")) {
          // A proxy's or captive portal's page (XHTML parses as XML) is not an empty upstream.
          throw new UpstreamException(endpoint, "not an XML-RPC answer (its root element is <"
              + ProjectName.printable(r.getLocalName()) + ">, not <methodResponse>)", null);
        }
        root = false;
        switch (r.getLocalName()) {
          case "fault" -> throw new UpstreamException(endpoint, "XML-RPC fault", null);
          case "name" -> member = r.getElementText();
          case "int", "i4", "i8" -> add(endpoint, projects, member, r.getElementText().trim());
          default -> { }
        }
      }
    } catch (XMLStreamException | NumberFormatException e) {
      throw new UpstreamException(endpoint, "malformed XML-RPC answer: " + e.getMessage(), e);
    }
    if (projects.isEmpty()) {
      // As for the JSON listing: an error of the run, never "everything was deleted upstream".
      throw new UpstreamException(endpoint, "an XML-RPC listing without a single valid project", null);
    }
    long max = projects.values().stream().mapToLong(Listing.Entry::serial).max().orElse(0);
    return new Listing(max, projects);
  }

  private static void add(URI endpoint, Map<String, Listing.Entry> projects, String name, String serial) {
    if (name == null || !ProjectName.isValid(name) || !serial.matches("\\d{1,18}")) {
      log.warn("{}: skipping invalid XML-RPC entry {}", endpoint, ProjectName.printable(name));
      return;
    }
    ProjectName project = ProjectName.of(name);
    projects.put(project.normalized(), new Listing.Entry(project, Long.parseLong(serial)));
  }

  /** The next event; XML-RPC never needs a DOCTYPE, so one is refused rather than ignored. */
  static int next(XMLStreamReader r) throws XMLStreamException {
    int event;
    try {
      event = r.next();
    } catch (MissingResourceException e) {
      // The JDK's reader, skipping a DOCTYPE with a bad character, looks up an error message it
      // does not have ("InvalidCharInDTD") and throws this instead of an XMLStreamException.
      throw new XMLStreamException("malformed DOCTYPE", r.getLocation(), e);
    }
    if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
      throw new XMLStreamException("DOCTYPE and entity references are not allowed in XML-RPC", r.getLocation());
    }
    return event;
  }

  static XMLStreamReader reader(byte[] body) throws XMLStreamException {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    return factory.createXMLStreamReader(new ByteArrayInputStream(body));
  }
}
