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
    byte[] notUtf8 = "<?xml version='1.0'?><methodCall><methodName>\u00ff</methodName></methodCall>"
        .getBytes(StandardCharsets.ISO_8859_1);
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      assertFault(notUtf8, XmlRpcSearch.PARSE_ERROR, "not UTF-8");
    } finally {
      System.setErr(err);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).as("nothing printed on stderr").isEmpty();
  }

  @Test
  void aCallThatFailsOnTheServerIsAFaultNotAnError() throws Exception {
    Map<String, XmlRpcSearch.Method> methods = Map.of(
        "broad", params -> {
          throw new IllegalArgumentException("the query is too broad");
        },
        "bug", params -> {
          throw new IllegalStateException("a bug");
        });
    assertThat(answer(call("broad", ""), methods)).contains("<int>-32602</int>", "the query is too broad");
    assertThat(answer(call("bug", ""), methods)).contains("<int>-32500</int>", "the call failed on the server");
  }

  private static String answer(byte[] body, Map<String, XmlRpcSearch.Method> methods) throws Exception {
    return new String(XmlRpcSearch.answer(body, methods), StandardCharsets.UTF_8);
  }

  @Test
  void answersOtherMethodsAndBadParametersWithAFault() throws Exception {
    try (ProjectSearch none = new ProjectSearch(home.resolve("no-index"))) {
      Map<String, XmlRpcSearch.Method> methods = Map.of("search", XmlRpcSearch.search(none));
      String other = answer(call("list_packages", ""), methods);
      assertThat(other).contains("<fault>", "<int>-32601</int>", "method 'list_packages' is not supported",
          "only 'search'");
      String noSpec = answer(call("search", "<param><value>x</value></param>"), methods);
      assertThat(noSpec).contains("<int>-32602</int>", "struct");
      String noIndex = answer(call("search", PIP_PARAMS), methods);
      assertThat(noIndex).contains("<int>-32500</int>", "run jubjub index");
    }
  }

  @Test
  void dispatchesToTheNamedMethodAndNamesAllItAnswers() throws Exception {
    Map<String, XmlRpcSearch.Method> methods = Map.of("changelog_last_serial", params -> XmlRpcSearch.integer(42),
        "search", params -> {
          throw new XmlRpcSearch.Fault(XmlRpcSearch.SERVER_ERROR, "no index");
        });
    assertThat(answer(call("changelog_last_serial", ""), methods))
        .contains("<params>\n<param>\n<value><int>42</int></value>").doesNotContain("<fault>");
    assertThat(answer(call("search", PIP_PARAMS), methods)).contains("<int>-32500</int>", "no index");
    assertThat(answer(call("list_packages_with_serial", ""), methods))
        .contains("<int>-32601</int>", "'list_packages_with_serial'", "only 'changelog_last_serial', 'search'");
  }

  @Test
  void tellsAnXmlRpcCallByItsTypeOrItsFirstBytes() {
    byte[] json = "{\"q\": 1}".getBytes(StandardCharsets.UTF_8);
    assertThat(XmlRpcSearch.looksLikeCall("text/xml", json)).isTrue();
    assertThat(XmlRpcSearch.looksLikeCall("Application/XML; charset=utf-8", json)).isTrue();
    assertThat(XmlRpcSearch.looksLikeCall(null, call("search", PIP_PARAMS))).isTrue();
    assertThat(XmlRpcSearch.looksLikeCall("application/octet-stream",
        "\uFEFF \n<methodCall/>".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(XmlRpcSearch.looksLikeCall("application/x-www-form-urlencoded", "q=x".getBytes(StandardCharsets.UTF_8)))
        .isFalse();
    assertThat(XmlRpcSearch.looksLikeCall("application/json", json)).isFalse();
    assertThat(XmlRpcSearch.looksLikeCall("text/xmlish", new byte[0])).isFalse();
    assertThat(XmlRpcSearch.looksLikeCall(null, new byte[0])).isFalse();
  }

  @Test
  void escapesWhatItQuotesAndDropsWhatXmlCannotCarry() {
    String fault = new String(XmlRpcSearch.fault(1, "<b>&\u0000\u0007</b>"), StandardCharsets.UTF_8);
    assertThat(fault).contains("&lt;b&gt;&amp;&lt;/b&gt;").doesNotContain("\u0000", "\u0007");
  }
}
