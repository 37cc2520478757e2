package dev.jubjub.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.pypi.ProjectMetadata;
import dev.jubjub.pypi.ProjectName;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The expected bytes follow bandersnatch's simple.py (generation 5) line by line. */
class SimplePagesTest {
  static final String A = "a".repeat(64);
  static final String B = "b".repeat(64);
  static final String M = "c".repeat(64);

  static ProjectMetadata project() throws Exception {
    String json =
        """
        {"info": {"name": "Foo.Bar"}, "last_serial": 77, "releases": {
          "1.0": [
            {"filename": "foo_bar-1.0-py3-none-any.whl",
             "url": "https://files.example/packages/aa/bb/cc/foo_bar-1.0-py3-none-any.whl",
             "digests": {"sha256": "%s"}, "size": 5, "requires_python": ">=3.8,<4",
             "upload_time_iso_8601": "2020-01-01T00:00:00.000000Z", "yanked": false}],
          "0.9": [
            {"filename": "Foo.Bar-0.9.tar.gz",
             "url": "https://files.example/packages/dd/ee/ff/Foo.Bar-0.9.tar.gz",
             "digests": {"sha256": "%s"}, "size": 7, "requires_python": null,
             "upload_time_iso_8601": "2019-01-01T00:00:00.000000Z", "yanked": true,
             "yanked_reason": "bad <build>"}]}}
        """
            .formatted(A, B);
    return JsonApiParser.parse(
        ProjectName.of("foo-bar"),
        json.getBytes(StandardCharsets.UTF_8),
        Map.of("foo_bar-1.0-py3-none-any.whl", M));
  }

  @Test
  void htmlPageMatchesBandersnatchBytesButTheApiVersion() throws Exception {
    ProjectMetadata p = project();
    String expected =
        "<!DOCTYPE html>\n<html>\n  <head>\n"
            + "    <meta name=\"pypi:repository-version\" content=\"1.4\">\n"
            + "    <title>Links for Foo.Bar</title>\n  </head>\n  <body>\n"
            + "    <h1>Links for Foo.Bar</h1>\n"
            + "    <a href=\"../../packages/dd/ee/ff/Foo.Bar-0.9.tar.gz#sha256=" + B
            + "\" data-yanked=\"bad &lt;build&gt;\">Foo.Bar-0.9.tar.gz</a><br/>\n"
            + "    <a href=\"../../packages/aa/bb/cc/foo_bar-1.0-py3-none-any.whl#sha256=" + A
            + "\" data-requires-python=\"&gt;=3.8,&lt;4\" data-core-metadata=\"sha256=" + M
            + "\" data-dist-info-metadata=\"sha256=" + M + "\">foo_bar-1.0-py3-none-any.whl</a><br/>\n"
            + "  </body>\n</html>\n<!--SERIAL 77-->";
    assertThat(new SimplePages(Optional.empty()).html(p, p.files())).isEqualTo(expected);
  }

  @Test
  void jsonPageCarriesPep691AndPep700Fields() throws Exception {
    ProjectMetadata p = project();
    String expected =
        "{\"files\": [{\"filename\": \"Foo.Bar-0.9.tar.gz\", \"hashes\": {\"sha256\": \"" + B
            + "\"}, \"requires-python\": null, \"size\": 7, \"upload-time\": \"2019-01-01T00:00:00.000000Z\","
            + " \"url\": \"https://mirror.example/packages/dd/ee/ff/Foo.Bar-0.9.tar.gz\", \"yanked\": \"bad <build>\"},"
            + " {\"filename\": \"foo_bar-1.0-py3-none-any.whl\", \"hashes\": {\"sha256\": \"" + A
            + "\"}, \"requires-python\": \">=3.8,<4\", \"size\": 5, \"upload-time\": \"2020-01-01T00:00:00.000000Z\","
            + " \"url\": \"https://mirror.example/packages/aa/bb/cc/foo_bar-1.0-py3-none-any.whl\", \"yanked\": false,"
            + " \"core-metadata\": {\"sha256\": \"" + M + "\"}}],"
            + " \"meta\": {\"api-version\": \"1.4\", \"_last-serial\": \"77\"}, \"name\": \"foo-bar\","
            + " \"versions\": [\"0.9\", \"1.0\"]}";
    assertThat(new SimplePages(Optional.of("https://mirror.example/")).json(p, p.files()))
        .isEqualTo(expected);
  }
}
