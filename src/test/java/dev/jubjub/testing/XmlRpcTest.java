package dev.jubjub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

class XmlRpcTest {
  @Test
  void listPackagesWithSerialMatchesTheUniverse() throws Exception {
    try (FakePyPI fake = FakePyPI.start(Universe.generate(5, 30))) {
      Element struct = firstValue(call(fake, "list_packages_with_serial"));
      Map<String, Long> listed = new LinkedHashMap<>();
      for (Element member : children(struct, "member")) {
        listed.put(text(member, "name"), Long.parseLong(text(member, "int")));
      }
      assertThat(listed).hasSize(30);
      fake.universe().projects().forEach(p -> assertThat(listed).containsEntry(p.name(), p.lastSerial()));
    }
  }

  @Test
  void changelogSinceSerialReportsMutations() throws Exception {
    try (FakePyPI fake = FakePyPI.start(Universe.generate(5, 30))) {
      long since = fake.universe().serial();
      fake.universe().addRelease("lib.mid", ReleaseSpec.of("0.3", FileKind.SDIST));
      fake.universe().removeProject("Foo.Bar_baz");
      Element array = firstValue(call(fake, "changelog_since_serial", "<int>" + since + "</int>"));
      List<List<String>> rows = new ArrayList<>();
      for (Element entry : children(child(array, "data"), "value")) {
        List<String> row = new ArrayList<>();
        for (Element value : children(child(child(entry, "array"), "data"), "value")) {
          row.add(value.getFirstChild() instanceof Element typed && !typed.getTagName().equals("nil") ? typed.getTextContent() : null);
        }
        rows.add(row);
      }
      assertThat(rows).extracting(r -> r.get(0) + "|" + r.get(1) + "|" + r.get(3) + "|" + r.get(4)).containsExactly(
          "lib.mid|0.3|new release|" + (since + 1),
          "lib.mid|0.3|add source file lib_mid-0.3.tar.gz|" + (since + 2),
          "Foo.Bar_baz|null|remove project|" + (since + 3));
      assertThat(rows).allMatch(r -> Long.parseLong(r.get(2)) > 1_700_000_000L);
    }
  }

  @Test
  void unknownMethodsAndGarbageGetFaults() throws Exception {
    try (FakePyPI fake = FakePyPI.start(Universe.generate(5, 10))) {
      Element fault = child(call(fake, "package_roles", "<string>x</string>"), "fault");
      assertThat(fault.getTextContent()).contains("-32601", "method not found");
      var garbage = TestHttp.post(fake.baseUri().resolve("pypi"), "<methodCall><oops");
      assertThat(new String(garbage.body())).contains("<fault>", "-32700");
      var entity = TestHttp.post(fake.baseUri().resolve("pypi"), "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
          + "<methodCall><methodName>&e;</methodName></methodCall>");
      assertThat(new String(entity.body())).contains("<fault>").doesNotContain("root:");
    }
  }

  private static Element call(FakePyPI fake, String method, String... params) throws Exception {
    var body = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>" + method + "</methodName><params>");
    for (String p : params) {
      body.append("<param><value>").append(p).append("</value></param>");
    }
    var response = TestHttp.post(fake.baseUri().resolve("pypi"), body.append("</params></methodCall>").toString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).contains("text/xml");
    var factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setIgnoringElementContentWhitespace(true);
    Element root = factory.newDocumentBuilder().parse(new ByteArrayInputStream(response.body())).getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("methodResponse");
    return root;
  }

  /** methodResponse/params/param/value/<first typed child>. */
  private static Element firstValue(Element response) {
    Element value = child(child(child(response, "params"), "param"), "value");
    return children(value, null).get(0);
  }

  private static Element child(Element parent, String tag) {
    return children(parent, tag).get(0);
  }

  private static List<Element> children(Element parent, String tag) {
    List<Element> result = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && (tag == null || e.getTagName().equals(tag))) {
        result.add(e);
      }
    }
    return result;
  }

  private static String text(Element parent, String tag) {
    return parent.getElementsByTagName(tag).item(0).getTextContent();
  }
}
