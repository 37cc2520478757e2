package dev.jubjub.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmlRpcSearchTest {
  @TempDir Path home;

  private static byte[] call(String method, String params) {
    return ("<?xml version='1.0'?>\n<methodCall>\n<methodName>" + method + "</methodName>\n<params>\n" + params
        + "</params>\n</methodCall>\n").getBytes(StandardCharsets.UTF_8);
  }

  /** What pip search sends for {@code pip search foo bar}. */
  private static final String PIP_PARAMS = """
      <param>
      <value><struct>
      <member>
      <name>name</name>
      <value><array><data>
      <value><string>foo</string></value>
      <value>bar</value>
      </data></array></value>
      </member>
      <member>
      <name>summary</name>
      <value><array><data>
      <value><string>foo</string></value>
      </data></array></value>
      </member>
      </struct></value>
      </param>
      <param>
      <value><string>or</string></value>
      </param>
      """;

  @Test
  void readsPipsCall() throws Exception {
    XmlRpcSearch.Call call = XmlRpcSearch.parse(call("search", PIP_PARAMS));
    assertThat(call.method()).isEqualTo("search");
    assertThat(call.params()).containsExactly(Map.of("name", List.of("foo", "bar"), "summary", List.of("foo")), "or");
  }

  private static void assertFault(byte[] body, int code, String message) {
    assertThatThrownBy(() -> XmlRpcSearch.parse(body)).isInstanceOfSatisfying(XmlRpcSearch.Fault.class, f -> {
      assertThat(f.code).isEqualTo(code);
      assertThat(f.getMessage()).contains(message);
    });
  }

  @Test
  void refusesEntitiesDtdsAndMalformedOrUnboundedRequests() throws Exception {
    Path secret = Files.writeString(home.resolve("secret"), "s3cr3t");
    String xxe = "<?xml version='1.0'?><!DOCTYPE m [<!ENTITY x SYSTEM \"file://" + secret + "\">]>"
        + "<methodCall><methodName>search</methodName><params><param><value><string>&x;</string></value></param>"
        + "</params></methodCall>";
    assertFault(xxe.getBytes(StandardCharsets.UTF_8), XmlRpcSearch.PARSE_ERROR, "DOCTYPE");
    String bomb = "<?xml version='1.0'?><!DOCTYPE m [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
        + "<methodCall><methodName>&b;</methodName></methodCall>";
    assertFault(bomb.getBytes(StandardCharsets.UTF_8), XmlRpcSearch.PARSE_ERROR, "DOCTYPE");
    assertFault("not xml at all".getBytes(StandardCharsets.UTF_8), XmlRpcSearch.PARSE_ERROR, "malformed");
    assertFault("<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8), XmlRpcSearch.PARSE_ERROR,
        "not an XML-RPC method call");
    assertFault(new byte[0], XmlRpcSearch.PARSE_ERROR, "");
    assertFault(call("search", "<param><value><string>x</string></value>"), XmlRpcSearch.PARSE_ERROR, "malformed");
    String deep = "<value><array><data>".repeat(40) + "<value>x</value>" + "</data></array></value>".repeat(40);
    assertFault(call("search", "<param>" + deep + "</param>"), XmlRpcSearch.PARSE_ERROR, "too deep");
    String many = "<param><value><array><data>" + "<value/>".repeat(5000) + "</data></array></value></param>";
    assertFault(call("search", many), XmlRpcSearch.PARSE_ERROR, "too many");
    byte[] big = call("search", "<param><value>" + "x".repeat(XmlRpcSearch.MAX_REQUEST_BYTES) + "</value></param>");
    assertFault(big, XmlRpcSearch.PARSE_ERROR, "too large");
  }

  @Test
  void answersOtherMethodsAndBadParametersWithAFault() throws Exception {
    try (ProjectSearch none = new ProjectSearch(home.resolve("no-index"))) {
      String other = new String(XmlRpcSearch.answer(call("list_packages", ""), none), StandardCharsets.UTF_8);
      assertThat(other).contains("<fault>", "<int>-32601</int>", "only 'search'");
      String noSpec = new String(XmlRpcSearch.answer(call("search", "<param><value>x</value></param>"), none),
          StandardCharsets.UTF_8);
      assertThat(noSpec).contains("<int>-32602</int>", "struct");
      String noIndex = new String(XmlRpcSearch.answer(call("search", PIP_PARAMS), none), StandardCharsets.UTF_8);
      assertThat(noIndex).contains("<int>-32500</int>", "run jubjub index");
    }
  }

  @Test
  void escapesWhatItQuotesAndDropsWhatXmlCannotCarry() {
    String fault = new String(XmlRpcSearch.fault(1, "<b>&\u0000\u0007</b>"), StandardCharsets.UTF_8);
    assertThat(fault).contains("&lt;b&gt;&amp;&lt;/b&gt;").doesNotContain("\u0000", "\u0007");
  }
}
