package dev.jubjub.cli;

import static dev.jubjub.cli.Sandbox.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jubjub.cli.DataSafetyTest.Mirror;
import dev.jubjub.cli.DataSafetyTest.Outcome;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Fault;
import dev.jubjub.testing.FileKind;
import dev.jubjub.testing.ReleaseSpec;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12's hostile upstream, run as the real command in this JVM: documents, listings and file
 * answers made to escape the mirror, overwrite another project's files, mislead clients or exhaust
 * the machine. Whatever upstream sends, nothing is written outside the mirror directory, only the
 * hostile project fails (named, with the URL), nothing partial is visible, and once upstream is
 * sane again the next run ends in the tree of a clean mirror.
 */
class HostileUpstreamTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONFIG = "timeout = 5";

  @TempDir Path tmp;

  /** Two good projects and a hostile one, a file each at least (good-one's wheel has core metadata). */
  static Universe universe() {
    return universe(List.of(TOKEN));
  }

  static Universe universe(List<String> hostile) {
    Universe universe = Universe.empty();
    universe.addProject("good-one");
    universe.addRelease("good-one", ReleaseSpec.of("1.0"));
    universe.addProject("good-two");
    universe.addRelease("good-two", ReleaseSpec.of("1.0"));
    for (String project : hostile) {
      universe.addProject(project);
      universe.addRelease(project, ReleaseSpec.of("1.0", FileKind.SDIST));
    }
    return universe;
  }

  /** The real document of the hostile project, and what a hostile one may point at. */
  record Doc(
      String project, ObjectNode root, String base, UpstreamFile own, UpstreamFile victim, FakePyPI fake,
      URI otherHost, Path canary) {
    ObjectNode file() {
      return (ObjectNode) root.path("releases").path("1.0").get(0);
    }

    /** A file URL on the fake with this raw path below {@code /packages/}. */
    String packages(String rawPath) {
      return base + "packages/" + rawPath;
    }

    String filename() {
      return own.filename();
    }
  }

  /**
   * @param error what the failure line says after {@code project <hostile project>:}; null when the
   *     document is accepted (it is odd, not dangerous)
   */
  record Hostile(String scenario, String error, String contentType, Function<Doc, String> body) {
    @Override
    public String toString() {
      return scenario;
    }
  }

  static Hostile edit(String scenario, String error, Consumer<Doc> change) {
    return new Hostile(scenario, error, "application/json", doc -> {
      change.accept(doc);
      return doc.root().toString();
    });
  }

  static Hostile raw(String scenario, String error, String body) {
    return new Hostile(scenario, error, "application/json", doc -> body);
  }

  static Hostile url(String scenario, String error, Function<Doc, String> url) {
    return edit(scenario, error, d -> d.file().put("url", url.apply(d)));
  }

  /** The cases by kind; each kind is one run, with a hostile project per case. */
  static Stream<Arguments> documents() {
    String deepArrays = "[".repeat(100_000) + "]".repeat(100_000);
    return Stream.of(
        Arguments.of("paths out of the tree", List.of(
            url("url with .. to a canary beside the mirror", "unsafe path",
                d -> d.packages("../../../../canary/" + d.filename())),
            url("url with .. to /tmp", "unsafe path", d -> d.packages("../".repeat(30) + "tmp/" + d.filename())),
            url("url with .. inside the path", "unsafe path", d -> d.packages("ab/../../../canary/" + d.filename())),
            url("absolute path (empty segment)", "unsafe path", d -> d.packages("/tmp/" + d.filename())),
            url("absolute path (encoded slash)", "unsafe path", d -> d.packages("%2Ftmp%2F" + d.filename())),
            url("backslashes, encoded", "unsafe path", d -> d.packages("..%5C..%5C..%5C..%5Ccanary%5C" + d.filename())),
            url("backslashes, raw", "Illegal character", d -> d.packages("..\\..\\canary\\" + d.filename())),
            url("percent-encoded traversal %2e%2e%2f", "unsafe path",
                d -> d.packages("%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fcanary%2f" + d.filename())),
            url("double-encoded traversal %252e%252e%252f", "unsafe path",
                d -> d.packages("%252e%252e%252fcanary%252f" + d.filename())),
            url("NUL in the path", "unsafe path", d -> d.packages("ab%00/" + d.filename())),
            edit("NUL in the file name", "unsafe path", d -> {
              d.file().put("filename", d.filename() + "\u0000.png");
              d.file().put("url", d.packages("ab/" + d.filename() + "%00.png"));
            }),
            edit("a newline and a forged log line in the file name", "unsafe path", d -> {
              d.file().put("filename", d.filename() + "\nFORGED log line");
              d.file().put("url", d.packages("ab/" + d.filename() + "%0AFORGED%20log%20line"));
            }))),
        Arguments.of("paths that clash with the tree", List.of(
            edit("another project's path with other bytes", "also claimed by", d -> {
              d.file().put("filename", d.victim().filename());
              d.file().put("url", d.base() + d.victim().urlPath());
            }),
            edit("a file name starting with a dot", "refused file name", d -> {
              d.file().put("filename", "." + d.filename());
              d.file().put("url", d.packages("ab/cd/." + d.filename()));
            }),
            edit("a file name ending .metadata, over another project's core metadata", "refused file name", d -> {
              d.file().put("filename", d.victim().filename() + ".metadata");
              d.file().put("url", d.base() + d.victim().urlPath() + ".metadata");
            }),
            edit("a file name of 300 characters that upstream serves", "too long", d -> {
              String name = TOKEN + "-1.0-" + "a".repeat(300) + ".tar.gz";
              d.file().put("filename", name);
              d.file().put("url", d.packages("ab/" + name));
              d.fake().injectAlways("/ab/" + name + "$", Fault.body("application/octet-stream", d.own().content()));
            }),
            edit("a path through another project's file", "goes through", d -> {
              d.file().put("url", d.base() + d.victim().urlPath() + "/" + d.filename());
              d.fake().injectAlways("/" + d.filename() + "$", Fault.body("application/octet-stream", d.own().content()));
            }),
            edit("a path that is another project's directory", "is a directory", d -> {
              String directory = d.victim().urlPath().substring(0, d.victim().urlPath().lastIndexOf('/'));
              d.file().put("filename", directory.substring(directory.lastIndexOf('/') + 1));
              d.file().put("url", d.base() + directory);
              d.fake().injectAlways("^/" + directory + "$", Fault.body("application/octet-stream", d.own().content()));
            }),
            edit("a file name of 5,000 characters", "bad path length", d -> {
              String name = TOKEN + "-1.0-" + "a".repeat(5000) + ".tar.gz";
              d.file().put("filename", name);
              d.file().put("url", d.packages("ab/" + name));
            }),
            edit("one file twice with different hashes", "another file of this project", d -> {
              ObjectNode twin = d.file().deepCopy();
              twin.withObject("digests").put("sha256", "b".repeat(64));
              ((ArrayNode) d.root().path("releases").path("1.0")).add(twin);
            }))),
        Arguments.of("sizes and hashes", List.of(
            edit("size 10^15", "absurd size", d -> d.file().put("size", 1_000_000_000_000_000L)),
            edit("size 1e300", "absurd size", d -> d.file().put("size", 1e300)),
            edit("size 10^30", "absurd size", d -> d.file().put("size", new java.math.BigInteger("1" + "0".repeat(30)))),
            edit("negative size", "absurd size", d -> d.file().put("size", -1)),
            edit("no size", "absurd size", d -> d.file().remove("size")),
            edit("size 50 GB for a small file", "got ", d -> d.file().put("size", 50L << 30)),
            edit("sha256 in upper case", "invalid sha256", d -> digests(d).put("sha256", d.own().sha256().toUpperCase())),
            edit("sha256 of 63 digits", "invalid sha256", d -> digests(d).put("sha256", d.own().sha256().substring(1))),
            edit("sha256 that is a path", "invalid sha256", d -> digests(d).put("sha256", "../../../../canary/secret")),
            edit("sha256 that is a number", "missing sha256", d -> digests(d).put("sha256", 42)))),
        Arguments.of("URLs", List.of(
            url("url file: to the canary", "not http(s)", d -> d.canary().resolve("secret").toUri().toString()),
            url("url file: to /etc/passwd", "not http(s)", d -> "file:///etc/passwd"),
            url("url ftp:", "not http(s)", d -> "ftp://127.0.0.1/packages/ab/" + d.filename()),
            url("url javascript:", "not http(s)", d -> "javascript:alert(1)//packages/ab/" + d.filename()),
            url("url without a scheme", "not http(s)", d -> "//127.0.0.1/packages/ab/" + d.filename()),
            url("url relative", "not http(s)", d -> "../../packages/ab/" + d.filename()),
            url("url outside /packages/", "not below /packages/", d -> d.base() + "pypi/" + d.project() + "/json"),
            url("url on another host that serves the right bytes", null,
                d -> d.otherHost().resolve(d.own().urlPath()).toString()))),
        Arguments.of("structure and names", List.of(
            raw("100,000 nested arrays", "malformed JSON", deepArrays),
            new Hostile("100,000 nested arrays inside info", "malformed JSON", "application/json",
                d -> d.root().toString().replaceFirst("\"info\":\\{", "\"info\":{\"x\":" + deepArrays + ",")),
            edit("a name of 100,000 characters", "another project",
                d -> d.root().withObject("info").put("name", TOKEN + "a".repeat(100_000))),
            edit("a name with a Cyrillic i", "another project",
                d -> d.root().withObject("info").put("name", "hx0st\u0456le")),
            edit("the name of another project", "another project",
                d -> d.root().withObject("info").put("name", "good-one")),
            new Hostile("HTML where JSON was asked", "malformed JSON", "text/html",
                d -> "<!DOCTYPE html><html><body><h1>Guru Meditation</h1></body></html>"),
            raw("a list", "not an object", "[]"),
            raw("null", "not an object", "null"),
            raw("a number", "not an object", "42"),
            raw("an empty body", "not an object", ""),
            raw("an empty object", "missing info.name", "{}"),
            edit("releases is a list", "missing releases", d -> d.root().putArray("releases")),
            edit("a release is an object", "is not a list", d -> d.root().withObject("releases").putObject("1.0")),
            edit("last_serial 10^30", "bad last_serial",
                d -> d.root().put("last_serial", new java.math.BigInteger("1" + "0".repeat(30)))))),
        Arguments.of("odd but harmless", List.of(
            edit("a version that is a path", null, d -> {
              ObjectNode releases = d.root().withObject("releases");
              releases.set("../../../../canary/" + d.project(), releases.remove("1.0"));
            }),
            edit("HTML in requires_python and yanked_reason", null, d -> {
              d.file().put("requires_python", "\"><script>alert(1)</script>");
              d.file().put("yanked", true);
              d.file().put("yanked_reason", "</a><script>alert(2)</script>");
            }),
            edit("an upload time at the end of time", null,
                d -> d.file().put("upload_time_iso_8601", "+1000000000-12-31T23:59:59.999999999Z")),
            edit("an upload time before the epoch", null,
                d -> d.file().put("upload_time_iso_8601", "-1000000000-01-01T00:00:00Z")))));
  }

  private static ObjectNode digests(Doc d) {
    return d.file().withObject("digests");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void hostileJsonApiDocumentsFailOnlyTheirProjectAndWriteNothingOutsideTheMirror(String kind, List<Hostile> cases)
      throws Exception {
    List<String> hostile = IntStream.range(0, cases.size()).mapToObj(i -> TOKEN + "-" + i).toList();
    Universe universe = universe(hostile);
    try (FakePyPI fake = FakePyPI.start(universe); FakePyPI other = FakePyPI.startFilesOnly(universe)) {
      Mirror m = Mirror.of(tmp.resolve("home"), fake, CONFIG + "\nworkers = 10");
      m.run("mirror").assertCode(0);
      Map<String, Map<String, String>> pages = new HashMap<>();
      for (String project : hostile) {
        pages.put(project, Sandbox.tree(m.web().resolve("simple").resolve(project)));
        universe.touch(project);
      }
      universe.addRelease("good-two", "2.0");
      UpstreamFile victim = universe.require("good-one").files().stream()
          .filter(f -> f.coreMetadata() != null).findFirst().orElseThrow();
      for (int i = 0; i < cases.size(); i++) {
        String project = hostile.get(i);
        Doc doc = new Doc(project, document(fake, project), fake.baseUri().toString(),
            universe.require(project).files().getFirst(), victim, fake, other.baseUri(), tmp.resolve(Sandbox.CANARY));
        fake.injectAlways("^/pypi/" + project + "/json$",
            Fault.body(cases.get(i).contentType(), bytes(cases.get(i).body().apply(doc))));
      }
      Sandbox sandbox = Sandbox.around(tmp, m.directory());

      Outcome run = m.run("mirror");
      long failing = cases.stream().filter(c -> c.error() != null).count();
      run.assertCode(failing == 0 ? ExitCodes.OK : ExitCodes.SYNC_ERRORS);
      if (failing > 0) {
        assertThat(run.stdout()).as("stdout; stderr:\n%s", run.stderr())
            .contains(failing + (failing == 1 ? " project failed" : " projects failed"));
      }
      for (int i = 0; i < cases.size(); i++) {
        Hostile c = cases.get(i);
        String project = hostile.get(i);
        if (c.error() == null) {
          assertThat(run.stdout()).as(c.scenario()).doesNotContain("project " + project + ": ");
          continue;
        }
        String line = failureLine(run, project);
        assertThat(line).as(c.scenario()).contains(c.error()).satisfiesAnyOf(
            l -> assertThat(l).contains(fake.baseUri() + "pypi/" + project + "/json"),
            l -> assertThat(l).contains("/packages/"));
        assertThat(line.length()).as("%s: a bounded line", c.scenario()).isLessThan(2000);
        assertThat(Sandbox.tree(m.web().resolve("simple").resolve(project))).as(c.scenario())
            .isEqualTo(pages.get(project));
      }
      assertNoTraceOrForgedLine(run);
      assertThat(m.web().resolve("simple/good-two/index.html")).content().contains("good_two-2.0");
      Sandbox.assertNothingPartial(m, published(universe));
      assertNoScriptInPages(m);
      sandbox.assertUntouched();

      fake.clearFaults();
      hostile.forEach(universe::touch);
      m.run("mirror").assertCode(0);
      sandbox.assertUntouched();
      assertTreeOfACleanMirror(m, fake, tmp.resolve("clean"));
    }
  }

  /** The check every case relies on notices what it is meant to notice. */
  @Test
  void theSandboxNoticesAnyWriteOutsideTheMirror() throws Exception {
    Path mirror = Files.createDirectories(tmp.resolve("home/mirror"));
    Sandbox sandbox = Sandbox.around(tmp, mirror);
    Files.writeString(mirror.resolve("inside"), "fine");
    sandbox.assertUntouched();
    Files.writeString(tmp.resolve(Sandbox.CANARY).resolve("secret"), "changed");
    assertThatThrownBy(sandbox::assertUntouched).hasMessageContaining("canary/secret");
    Path probe = Path.of("/tmp", TOKEN + "-probe-" + ProcessHandle.current().pid());
    Sandbox clean = Sandbox.around(tmp, mirror);
    Files.writeString(probe, "");
    try {
      assertThatThrownBy(clean::assertUntouched).hasMessageContaining(probe.getFileName().toString());
    } finally {
      Files.delete(probe);
    }
  }

  @Test
  void hostileNamesInTheListingAreSkippedAndNamedAndEveryOtherProjectIsSynced() throws Exception {
    Universe universe = universe();
    List<String> hostile = List.of("../../canary/" + TOKEN, TOKEN + "/../../../tmp/x", "..", ".", TOKEN + "\\..\\x",
        "/tmp/" + TOKEN, "hx0st\u0456le", "\uff48x0stile", TOKEN + "a".repeat(300), TOKEN + "\u0000",
        TOKEN + "\nFORGED line", TOKEN + "%2f..%2f", "", "-" + TOKEN, TOKEN + ".");
    try (FakePyPI fake = FakePyPI.start(universe)) {
      ObjectNode listing = JSON.createObjectNode();
      listing.putObject("meta").put("api-version", "1.1").put("_last-serial", universe.serial());
      ArrayNode projects = listing.putArray("projects");
      hostile.forEach(name -> projects.addObject().put("name", name).put("_last-serial", 1));
      for (var p : universe.projects()) {
        projects.addObject().put("name", p.name()).put("_last-serial", p.lastSerial());
      }
      // One project under three spellings: one project, at the highest serial of the three.
      long serial = universe.require("good-one").lastSerial();
      projects.addObject().put("name", "Good.One").put("_last-serial", serial - 1);
      projects.addObject().put("name", "GOOD_one").put("_last-serial", serial);
      fake.injectAlways("^/simple/$", Fault.body("application/vnd.pypi.simple.v1+json", bytes(listing.toString())));
      Mirror m = Mirror.of(tmp.resolve("home"), fake, CONFIG);
      Sandbox sandbox = Sandbox.around(tmp, m.directory());

      Outcome run = m.run("mirror").assertCode(0);
      assertNoTraceOrForgedLine(run);
      assertThat(run.stderr().lines().filter(l -> l.contains("skipping invalid listing entry"))).hasSize(hostile.size());
      assertThat(run.stdout()).contains("3 synced of 3");
      assertThat(fake.requestLog().stream().map(r -> r.path()).filter(path -> path.startsWith("/pypi/")))
          .allMatch(path -> path.matches("/pypi/(good-one|GOOD_one|good-two|" + TOKEN + ")/json"));
      Sandbox.assertNothingPartial(m, published(universe));
      sandbox.assertUntouched();
      fake.clearFaults();
      assertTreeOfACleanMirror(m, fake, tmp.resolve("clean"));
    }
  }

  /** What a file's answer may be, and what its project's failure line then says. */
  record FileAnswer(String scenario, String error, Function<FileAnswers, Fault> fault) {}

  /** The fakes, and the file a scenario's project has. */
  record FileAnswers(FakePyPI fake, FakePyPI other, UpstreamFile file, Path canary) {}

  static final List<FileAnswer> FILE_ANSWERS = List.of(
      new FileAnswer("more bytes than its size", "more bytes than the expected",
          a -> Fault.body("application/octet-stream", concat(a.file().content(), new byte[1000]))),
      new FileAnswer("fewer bytes than its size", "got ",
          a -> Fault.body("application/octet-stream", Arrays.copyOf(a.file().content(), a.file().content().length - 10))),
      new FileAnswer("other bytes of the same size", "sha256 mismatch", a -> Fault.corrupt()),
      new FileAnswer("an endless body", "more bytes than the expected", a -> Fault.endless()),
      new FileAnswer("an HTML page", "got ", a -> Fault.htmlInsteadOfJson()),
      new FileAnswer("a redirect to file:", "a redirect not followed, to file:",
          a -> Fault.redirect(a.canary().resolve("secret").toUri().toString())),
      new FileAnswer("a redirect to javascript:", "javascript", a -> Fault.redirect("javascript:alert(1)")),
      new FileAnswer("a redirect loop", "too many redirects", a -> Fault.redirect("/" + a.file().urlPath())),
      new FileAnswer("a redirect to another host with other bytes", "sha256 mismatch", a -> {
        a.other().injectAlways("^/" + a.file().urlPath() + "$", Fault.corrupt());
        return Fault.redirect(a.other().baseUri().resolve(a.file().urlPath()).toString());
      }),
      new FileAnswer("a redirect to another host with the right bytes", null,
          a -> Fault.redirect(a.other().baseUri().resolve(a.file().urlPath()).toString())));

  @Test
  void hostileFileAnswersFailTheirProjectWithoutFillingTheDiskOrLeavingAPartialFile() throws Exception {
    Universe universe = universe();
    for (int i = 0; i < FILE_ANSWERS.size(); i++) {
      universe.addProject("answer-" + i);
      universe.addRelease("answer-" + i, ReleaseSpec.of("1.0", FileKind.SDIST));
    }
    UpstreamFile wheel = universe.require("good-one").files().stream()
        .filter(f -> f.coreMetadata() != null).findFirst().orElseThrow();
    try (FakePyPI fake = FakePyPI.start(universe); FakePyPI other = FakePyPI.startFilesOnly(universe)) {
      Mirror m = Mirror.of(tmp.resolve("home"), fake, CONFIG + "\nworkers = 16");
      Sandbox sandbox = Sandbox.around(tmp, m.directory());
      for (int i = 0; i < FILE_ANSWERS.size(); i++) {
        UpstreamFile file = universe.require("answer-" + i).files().getFirst();
        FileAnswers answers = new FileAnswers(fake, other, file, tmp.resolve(Sandbox.CANARY));
        fake.injectAlways("^/" + file.urlPath() + "$", FILE_ANSWERS.get(i).fault().apply(answers));
      }
      fake.injectAlways("^/" + wheel.urlPath() + "\\.metadata$", Fault.endless());

      Outcome run = m.run("mirror").assertCode(ExitCodes.SYNC_ERRORS);
      assertNoTraceOrForgedLine(run);
      for (int i = 0; i < FILE_ANSWERS.size(); i++) {
        FileAnswer answer = FILE_ANSWERS.get(i);
        UpstreamFile file = universe.require("answer-" + i).files().getFirst();
        if (answer.error() == null) {
          assertThat(m.file(file)).as(answer.scenario()).exists();
          continue;
        }
        assertThat(failureLine(run, "answer-" + i)).as(answer.scenario())
            .contains("file " + file.filename() + ": ").contains(answer.error()).contains(fake.baseUri().toString());
        assertThat(m.file(file)).as(answer.scenario()).doesNotExist();
      }
      assertThat(failureLine(run, "good-one")).contains(".metadata").contains("larger than 16777216 bytes");
      assertThat(m.file(wheel).resolveSibling(wheel.filename() + ".metadata")).doesNotExist();
      assertThat(run.stdout()).contains((FILE_ANSWERS.size() - 1 + 1) + " projects failed");
      assertThat(Sandbox.tree(m.web().resolve("simple/good-two"))).isNotEmpty();
      try (Stream<Path> all = Files.walk(m.directory())) {
        long bytes = all.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        assertThat(bytes).as("bytes in the mirror after endless bodies").isLessThan(1 << 20);
      }
      Sandbox.assertNothingPartial(m, published(universe));
      sandbox.assertUntouched();

      fake.clearFaults();
      m.run("mirror").assertCode(0);
      assertTreeOfACleanMirror(m, fake, tmp.resolve("clean"));
    }
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The JSON API document upstream serves now, as a tree to edit. */
  static ObjectNode document(FakePyPI fake, String project) throws IOException {
    try (InputStream in = fake.baseUri().resolve("pypi/" + project + "/json").toURL().openStream()) {
      return (ObjectNode) JSON.readTree(in);
    }
  }

  /** sha256 of every file and core metadata file upstream publishes. */
  static Set<String> published(Universe universe) {
    Set<String> hashes = new HashSet<>();
    for (UpstreamFile f : universe.files()) {
      hashes.add(f.sha256());
      f.coreMetadataSha256().ifPresent(hashes::add);
    }
    return hashes;
  }

  /** The summary's line for the project's failure. */
  static String failureLine(Outcome run, String project) {
    return run.stdout().lines().filter(l -> l.startsWith("    project " + project + ": ")).findFirst()
        .orElseThrow(() -> new AssertionError("no failure line for " + project + " in:\n" + run.stdout()));
  }

  /** No stack trace reaches the user, and no hostile string starts a line of its own. */
  static void assertNoTraceOrForgedLine(Outcome run) {
    assertThat(run.stderr()).doesNotContain("\tat ").doesNotContain("Caused by");
    assertThat(run.stdout() + run.stderr()).doesNotContain("\nFORGED");
  }

  /** Upstream's strings are escaped in HTML pages (JSON pages carry them as JSON strings). */
  static void assertNoScriptInPages(Mirror m) throws IOException {
    try (Stream<Path> pages = Files.walk(m.web().resolve("simple"))) {
      for (Path page : pages.filter(p -> p.toString().endsWith(".html")).toList()) {
        assertThat(Files.readString(page)).as(page.toString()).doesNotContain("<script");
      }
    }
  }

  /** The tree equals, file for file and byte for byte, a mirror made by one clean run now. */
  static void assertTreeOfACleanMirror(Mirror m, FakePyPI fake, Path home) throws IOException {
    Mirror clean = Mirror.of(home, fake, CONFIG);
    clean.run("mirror").assertCode(0);
    assertThat(Sandbox.tree(m.directory())).isEqualTo(Sandbox.tree(clean.directory()));
  }
}
