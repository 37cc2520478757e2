package dev.jubjub.upstream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmlRpcClientTest {
  @Test
  void entityExpansionIsRefused() {
    String bomb =
        "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;'>]>"
            + "<methodResponse><params><param><value><string>&b;</string></value></param></params></methodResponse>";
    assertThatThrownBy(() -> drain(bomb)).isInstanceOf(XMLStreamException.class);
  }

  @Test
  void externalEntitiesAreNeverRead(@TempDir Path dir) throws Exception {
    Path secret = Files.writeString(dir.resolve("secret"), "TOP-SECRET");
    String xxe =
        "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY s SYSTEM '" + secret.toUri() + "'>]>"
            + "<methodResponse><name>&s;</name></methodResponse>";
    assertThatThrownBy(() -> drain(xxe))
        .isInstanceOf(XMLStreamException.class)
        .hasMessageNotContaining("TOP-SECRET");
  }

  @Test
  void aControlCharacterInADoctypeIsAMalformedAnswerNotACrash() {
    // Found by XmlRpcClientFuzzTest: the JDK's reader threw MissingResourceException here.
    byte[] answer = "<?xml version='1.0'?><!DOCTYPE x [\u0006]><methodResponse/>"
        .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> XmlRpcClient.parseListing(URI.create("http://127.0.0.1/pypi"), answer))
        .isInstanceOf(UpstreamException.class)
        .hasMessageContaining("malformed XML-RPC answer");
  }

  private static String drain(String xml) throws XMLStreamException {
    XMLStreamReader r = XmlRpcClient.reader(xml.getBytes(StandardCharsets.UTF_8));
    StringBuilder text = new StringBuilder();
    while (r.hasNext()) {
      if (XmlRpcClient.next(r) == XMLStreamReader.CHARACTERS) {
        text.append(r.getText());
      }
    }
    return text.toString();
  }

  @Test
  void aPortalsXhtmlPageOrAnEmptyAnswerIsAnErrorNotAnEmptyUpstream() {
    java.net.URI endpoint = java.net.URI.create("http://127.0.0.1:1/pypi");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> XmlRpcClient.parseListing(endpoint,
            "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>Log in to the network</body></html>"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isInstanceOf(UpstreamException.class).hasMessageContaining("not an XML-RPC answer");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> XmlRpcClient.parseListing(endpoint,
            "<methodResponse><params><param><value><array><data></data></array></value></param></params></methodResponse>"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .isInstanceOf(UpstreamException.class).hasMessageContaining("without a single valid project");
  }
}
