package dev.jubjub.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operations kit in {@code contrib/}: each file checked by the program that reads it. */
class ContribTest {
  static final String JSON = "application/vnd.pypi.simple.v1+json";
  static final String HTML_V1 = "application/vnd.pypi.simple.v1+html";
  static final String PIP_ACCEPT = JSON + ", " + HTML_V1 + "; q=0.1, text/html; q=0.01";
  static final String UV_ACCEPT = JSON + ", " + HTML_V1 + ";q=0.2, text/html;q=0.01";
  static final Path SYSTEMD_ANALYZE = Path.of("/usr/bin/systemd-analyze");
  static final Path LOGROTATE = Path.of("/usr/sbin/logrotate");

  @TempDir Path tmp;

  @Test
  void nginxSiteNegotiatesPep691AndPipInstallsFromTheJsonPages() throws Exception {
    Universe universe = Universe.generate(71, 6);
    UpstreamFile attested = universe.require("jubjub-app").files().getFirst();
    String provenance = "{\"version\": 1, \"attestation_bundles\": []}";
    universe.addProvenance("jubjub-app", attested.filename(), provenance.getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake, "");
      Processes.assertOk(m.run("mirror"));
      Path nginxDir = tmp.resolve("nginx");
      try (StaticServer nginx = StaticServer.nginx(m.web(), nginxDir)) {
        String base = "http://127.0.0.1:" + nginx.port;
        String page = base + "/simple/jubjub-app/";
        Path project = m.web().resolve("simple/jubjub-app");

        assertServes(page, PIP_ACCEPT, JSON, project.resolve("index.v1_json"));
        assertServes(page, UV_ACCEPT, JSON, project.resolve("index.v1_json"));
        assertServes(page, "application/vnd.pypi.simple.latest+json", JSON, project.resolve("index.v1_json"));
        assertServes(base + "/simple/", PIP_ACCEPT, JSON, m.web().resolve("simple/index.v1_json"));
        assertServes(page, HTML_V1, HTML_V1 + "; charset=utf-8", project.resolve("index.v1_html"));
        String html = "text/html; charset=utf-8";
        assertServes(page, "text/html", html, project.resolve("index.html"));
        assertServes(page, "*/*", html, project.resolve("index.html"));
        assertServes(page, "", html, project.resolve("index.html"));
        assertServes(page, "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", html,
            project.resolve("index.html"));
        // q-values decide, not the order the types are named in
        assertServes(page, JSON + ";q=0.5, text/html", html, project.resolve("index.html"));
        assertServes(page, "text/html;q=0.3, " + JSON, JSON, project.resolve("index.v1_json"));
        assertServes(page, "text/html;q=0.1, " + HTML_V1 + ";q=0.3, " + JSON + ";q=0.2", HTML_V1 + "; charset=utf-8",
            project.resolve("index.v1_html"));
        assertServes(page, JSON + ";q=0, text/html;q=0.01", html, project.resolve("index.html"));
        assertServes(page, JSON + ", text/html", html, project.resolve("index.html"));

        Curl.Reply api = Curl.get(tmp, base + "/pypi/jubjub-app/json");
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.header("content-type")).isEqualTo("application/json");
        assertThat(api.body()).isEqualTo(Files.readString(m.web().resolve("pypi/jubjub-app/json")));

        UpstreamFile wheel = universe.require("jubjub-app").files().getFirst();
        Curl.Reply file = Curl.get(tmp, base + "/" + wheel.urlPath());
        assertThat(file.status()).isEqualTo(200);
        assertThat(file.header("content-type")).isEqualTo("application/octet-stream");
        assertThat(file.header("cache-control")).contains("immutable");
        assertThat(file.header("content-length")).isEqualTo(Long.toString(Files.size(m.packageFile(wheel))));
        Curl.Reply attestation = Curl.get(tmp, base + "/" + attested.urlPath() + ".provenance");
        assertThat(attestation.status()).isEqualTo(200);
        assertThat(attestation.header("content-type")).isEqualTo("application/json");
        assertThat(attestation.header("cache-control")).contains("immutable");
        assertThat(attestation.body()).isEqualTo(provenance);

        Curl.Reply redirect = Curl.get(tmp, base + "/simple/jubjub-app");
        assertThat(redirect.status()).isEqualTo(301);
        assertThat(redirect.header("location")).isEqualTo("/simple/jubjub-app/");
        for (String outside : List.of("/", "/status", "/generation", "/simple/../status", "/json/jubjub-app")) {
          assertThat(Curl.get(tmp, base + outside).status()).as(outside).isEqualTo(404);
        }
        assertThat(m.directory.resolve("status")).exists();

        MirrorCommandTest.assertPipInstallsTheChain(nginx.indexUrl(), tmp.resolve("site"));
        List<String> pipPages = Files.readAllLines(nginxDir.resolve("access.log")).stream()
            .filter(line -> line.contains("\"" + PIP_ACCEPT + "\""))
            .toList();
        assertThat(pipPages)
            .as("pip's requests for the simple pages")
            .anyMatch(line -> line.endsWith(" /simple/jubjub-mid/"))
            .anyMatch(line -> line.endsWith(" /simple/jubjub-base/"))
            .allMatch(line -> line.startsWith("200 " + JSON + " "));
      }
    }
  }

  private void assertServes(String url, String accept, String contentType, Path file) throws Exception {
    // "Accept:" with no value makes curl send no Accept header at all
    Curl.Reply r = Curl.get(tmp, url, "-H", accept.isEmpty() ? "Accept:" : "Accept: " + accept);
    assertThat(r.status()).as("status for Accept: %s", accept).isEqualTo(200);
    assertThat(r.header("content-type")).as("Content-Type for Accept: %s", accept).isEqualTo(contentType);
    assertThat(r.header("vary")).as("Vary").contains("Accept");
    assertThat(r.body()).as("body for Accept: %s", accept).isEqualTo(Files.readString(file));
  }

  @Test
  void systemdUnitsVerifyWithoutWarnings() throws Exception {
    assumeTrue(Files.isExecutable(SYSTEMD_ANALYZE), "systemd-analyze is not installed");
    // verify checks that ExecStart's program exists: point it at one that does.
    Path units = Files.createDirectories(tmp.resolve("units"));
    List<String> command = new ArrayList<>(List.of(SYSTEMD_ANALYZE.toString(), "verify", "--man=no", "--generators=no"));
    for (String name : List.of("jubjub-serve.service", "jubjub-mirror.service", "jubjub-mirror.timer")) {
      String unit = Files.readString(Path.of("contrib/systemd", name));
      Path copy = Files.writeString(units.resolve(name), unit.replace("/usr/bin/jubjub ", "/bin/true "));
      command.add(copy.toString());
    }
    Processes.Result r = Processes.run(new ProcessBuilder(command), tmp.resolve("logs"), 60);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout() + r.stderr()).as("systemd-analyze verify output").isEmpty();

    // The check above can fail: the same command names a key systemd does not know.
    Path broken = Files.writeString(units.resolve("broken.service"),
        Files.readString(units.resolve("jubjub-serve.service")).replace("Restart=on-failure", "Restart=sometimes"));
    Processes.Result complaint = Processes.run(
        new ProcessBuilder(SYSTEMD_ANALYZE.toString(), "verify", "--man=no", "--generators=no", broken.toString()),
        tmp.resolve("logs"), 60);
    assertThat(complaint.stdout() + complaint.stderr()).contains("sometimes");

    assertThat(units.resolve("jubjub-serve.service")).content()
        .contains("ExecStart=/bin/true -c /etc/bandersnatch.conf serve\n", "ExecReload=/bin/kill -HUP $MAINPID\n",
            "RestartPreventExitStatus=2\n")
        .doesNotContain("\nMemoryDenyWriteExecute=");
    assertThat(units.resolve("jubjub-mirror.service")).content()
        .contains("ExecStart=/bin/true -c /etc/bandersnatch.conf mirror\n", "SuccessExitStatus=3 143\n")
        .doesNotContain("\nMemoryDenyWriteExecute=");
  }

  @Test
  void cronFileHasOneEntryInCronDSyntax() throws Exception {
    Path cron = Path.of("contrib/cron/jubjub");
    // cron ignores a last line without a newline, and run-parts skips names with a dot.
    assertThat(Files.readString(cron)).endsWith("\n");
    assertThat(cron.getFileName().toString()).matches("[A-Za-z0-9_-]+");
    List<String> entries = Files.readAllLines(cron).stream()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.matches("[A-Z_]+=.*"))
        .toList();
    assertThat(entries).singleElement().satisfies(entry -> {
      String[] fields = entry.split("\\s+", 7);
      assertThat(fields).hasSize(7);
      for (int i = 0; i < 5; i++) {
        assertThat(fields[i]).as("time field %d", i + 1).matches("[0-9*/,-]+");
      }
      assertThat(fields[5]).as("user").isEqualTo("jubjub");
      assertThat(fields[6]).isEqualTo("/usr/bin/jubjub -c /etc/bandersnatch.conf mirror --quiet");
    });
  }

  @Test
  void theCronLineRunsAsWrittenSilentOnSuccessAndWithTheSummaryOnFailure() throws Exception {
    String entry = Files.readAllLines(Path.of("contrib/cron/jubjub")).stream()
        .filter(line -> line.contains("/usr/bin/jubjub")).findFirst().orElseThrow();
    String command = entry.substring(entry.indexOf("/usr/bin/jubjub ") + "/usr/bin/jubjub ".length());
    Universe universe = Universe.generate(74, 3);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      MirrorFixture m = new MirrorFixture(tmp.resolve("m"), fake, "");
      // The cron line's own words, its config swapped for this test's: -c before the command.
      List<String> args = List.of(command.replace("/etc/bandersnatch.conf", m.config.toString()).split(" "));
      Processes.Result quiet = Processes.run(Processes.jubjub(tmp, args.toArray(String[]::new)), tmp.resolve("logs"), 120);
      Processes.assertOk(quiet);
      assertThat(quiet.stdout() + quiet.stderr()).as("what cron would mail").isEmpty();
      assertThat(m.web().resolve("simple/index.html")).exists();

      String broken = universe.projects().getFirst().name();
      universe.touch(broken);
      fake.injectAlways("^/pypi/", dev.jubjub.testing.Fault.malformed());
      Processes.Result failed = Processes.run(Processes.jubjub(tmp, args.toArray(String[]::new)), tmp.resolve("logs"), 120);
      assertThat(failed.exitCode()).isEqualTo(1);
      assertThat(failed.stdout()).contains("1 project failed").contains("project " + broken + ": malformed JSON");
      assertThat(failed.stderr().lines()).as("errors only").allMatch(l -> l.contains(" ERROR "));

      // bandersnatch's --debug, before the command as its cron lines have it: every request shows.
      fake.clearFaults();
      Processes.Result debug = Processes.run(
          Processes.jubjub(tmp, "-c", m.config.toString(), "--debug", "mirror"), tmp.resolve("logs"), 120);
      Processes.assertOk(debug);
      assertThat(debug.stderr()).contains(" DEBUG ").containsPattern("/pypi/\\S+/json: HTTP 200 after \\d+ ms");
    }
  }

  @Test
  void logrotateRenamesTheAccessLogAndReloadsServeWithoutCopyTruncate() throws Exception {
    assumeTrue(Files.isExecutable(LOGROTATE), "logrotate is not installed");
    Path state = tmp.resolve("logrotate.state");
    Processes.Result asShipped = Processes.run(
        new ProcessBuilder(LOGROTATE.toString(), "-d", "-s", state.toString(), "contrib/logrotate/jubjub"),
        tmp.resolve("logs"), 60);
    assertThat(asShipped.exitCode()).as(asShipped.stderr()).isZero();
    assertThat(asShipped.stdout() + asShipped.stderr()).doesNotContainIgnoringCase("error")
        .contains("rotating pattern: /var/log/jubjub/access.log");

    // Forced, over a log that exists, to see what a rotation would do (-d does nothing).
    Path log = Files.writeString(Files.createDirectories(tmp.resolve("log")).resolve("access.log"), "a line\n");
    Path conf = Files.writeString(tmp.resolve("logrotate.conf"),
        Files.readString(Path.of("contrib/logrotate/jubjub")).replace("/var/log/jubjub/access.log", log.toString()));
    Processes.Result forced = Processes.run(
        new ProcessBuilder(LOGROTATE.toString(), "-d", "-f", "-s", state.toString(), conf.toString()),
        tmp.resolve("logs"), 60);
    String out = forced.stdout() + forced.stderr();
    assertThat(forced.exitCode()).as(out).isZero();
    assertThat(out).doesNotContainIgnoringCase("error")
        .contains("renaming " + log + " to " + log + ".1", "running postrotate script",
            "systemctl reload jubjub-serve.service")
        .doesNotContain("copying " + log, "truncating " + log);
  }
}
