package dev.jubjub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.cli.DataSafetyTest.Mirror;
import dev.jubjub.cli.DataSafetyTest.Outcome;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Fault;
import dev.jubjub.testing.FaultRule;
import dev.jubjub.testing.FileKind;
import dev.jubjub.testing.LoggedRequest;
import dev.jubjub.testing.ReleaseSpec;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12's fault matrix: every kind of request a run makes, times every way upstream fails, in
 * one run (a project per cell, all at once, so the retries' waits overlap). A transient fault is
 * retried and the project syncs; a persistent one fails its project, named with the URL, after
 * the retries a transient fault deserves and without those a retry cannot mend; nothing partial
 * is visible; the next run, upstream mended, ends in the tree of a clean mirror.
 */
class FaultMatrixTest {
  /** Short, so a stall costs little; a stall below is 5 s, more than twice this. */
  private static final String CONFIG = "timeout = 2";
  private static final int ALWAYS = -1;
  private static final int ATTEMPTS = 4;

  @TempDir Path tmp;

  enum Kind {
    JSON_API, SIMPLE_PAGE, FILE, METADATA;

    /** The path this kind of request for the project's one wheel asks for. */
    String path(String project, UpstreamFile wheel) {
      return switch (this) {
        case JSON_API -> "/pypi/" + project + "/json";
        case SIMPLE_PAGE -> "/simple/" + project + "/";
        case FILE -> "/" + wheel.urlPath();
        case METADATA -> "/" + wheel.urlPath() + ".metadata";
      };
    }
  }

  enum Expect {
    /** Retried past the fault: in the tree as if nothing happened. */
    SYNCED,
    /** The project failed: named in the log with the reason, kept in todo. */
    FAILED,
    /** An answer, not a fault: the project is kept as it is (404 JSON API) or without core metadata. */
    LEFT_OUT
  }

  /**
   * @param times how many requests the fault hits, or {@link #ALWAYS}
   * @param requests the requests the fake sees for the path: exactly, or at least for a retried
   *     fault (the JDK itself may repeat a request on a reset connection)
   */
  record Cell(
      Kind kind, String label, Fault fault, int times, Expect expect, int requests, boolean retried, String error) {
    @Override
    public String toString() {
      return kind + " " + label + (times == ALWAYS ? " always" : " x" + times);
    }
  }

  static Cell transientFault(Kind kind, String label, Fault fault, int times) {
    return new Cell(kind, label, fault, times, Expect.SYNCED, times + 1, true, null);
  }

  static Cell persistent(Kind kind, String label, Fault fault, String error) {
    return new Cell(kind, label, fault, ALWAYS, Expect.FAILED, ATTEMPTS, true, error);
  }

  static Cell notRetried(Kind kind, String label, Fault fault, Expect expect, int requests, String error) {
    return new Cell(kind, label, fault, ALWAYS, expect, requests, false, error);
  }

  static final Fault STALL = Fault.stall(Duration.ofSeconds(5));

  static List<Cell> matrix() {
    List<Cell> cells = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      cells.add(transientFault(kind, "503", Fault.serviceUnavailable(), 2));
      cells.add(persistent(kind, "503", Fault.serviceUnavailable(), "HTTP 503"));
      cells.add(transientFault(kind, "429 Retry-After: 1", Fault.tooManyRequests(), 1));
      cells.add(transientFault(kind, "reset", Fault.disconnect(), 2));
      cells.add(transientFault(kind, "stall", STALL, 1));
      cells.add(transientFault(kind, "short body", Fault.truncate(), 1));
      cells.add(transientFault(kind, "wrong bytes", Fault.corrupt(), 1));
    }
    cells.add(persistent(Kind.JSON_API, "429 Retry-After: 1", Fault.tooManyRequests(), "HTTP 429"));
    cells.add(persistent(Kind.JSON_API, "reset", Fault.disconnect(), ""));
    cells.add(persistent(Kind.JSON_API, "short body", Fault.truncate(), ""));
    cells.add(persistent(Kind.JSON_API, "wrong bytes", Fault.corrupt(), "broken gzip body"));
    cells.add(notRetried(Kind.JSON_API, "malformed JSON", Fault.malformed(), Expect.FAILED, 1, "malformed JSON"));
    // An error page carries no serial: asked again past any cache, then named for what it is.
    cells.add(notRetried(Kind.JSON_API, "HTML", Fault.htmlInsteadOfJson(), Expect.FAILED, 2,
        "no X-PyPI-Last-Serial header (Content-Type 'text/html"));
    cells.add(notRetried(Kind.JSON_API, "404", Fault.notFound(), Expect.LEFT_OUT, 1, null));
    // A serial older than the listing's: asked again past any cache, then a named failure.
    cells.add(new Cell(Kind.JSON_API, "serial backwards", Fault.lastSerial(1), 1, Expect.SYNCED, 2, false, null));
    cells.add(notRetried(Kind.JSON_API, "serial backwards", Fault.lastSerial(1), Expect.FAILED, 2, "stale metadata"));
    cells.add(notRetried(Kind.JSON_API, "redirect loop", Fault.redirect("/pypi/cell-" + cells.size() + "/json"),
        Expect.FAILED, 20, "too many redirects"));
    cells.add(notRetried(Kind.JSON_API, "redirect to file:", Fault.redirect("file:///etc/passwd"),
        Expect.FAILED, 1, "a redirect not followed, to file:///etc/passwd"));
    cells.add(notRetried(Kind.SIMPLE_PAGE, "malformed JSON", Fault.malformed(), Expect.FAILED, 1, "malformed simple page"));
    // An upstream without PEP 691 project pages has no core metadata to offer.
    cells.add(notRetried(Kind.SIMPLE_PAGE, "HTML", Fault.htmlInsteadOfJson(), Expect.LEFT_OUT, 1, null));
    cells.add(notRetried(Kind.SIMPLE_PAGE, "404", Fault.notFound(), Expect.LEFT_OUT, 1, null));
    cells.add(persistent(Kind.FILE, "429 Retry-After: 1", Fault.tooManyRequests(), "HTTP 429"));
    cells.add(persistent(Kind.FILE, "reset", Fault.disconnect(), ""));
    cells.add(persistent(Kind.FILE, "stall", STALL, "timed out after 2 s"));
    cells.add(transientFault(Kind.FILE, "stall mid-body", Fault.stallMidBody(Duration.ofSeconds(5)), 1));
    cells.add(persistent(Kind.FILE, "short body", Fault.truncate(), ""));
    cells.add(persistent(Kind.FILE, "wrong bytes", Fault.corrupt(), "sha256 mismatch: got "));
    cells.add(persistent(Kind.FILE, "half the bytes", Fault.malformed(), "bytes"));
    cells.add(persistent(Kind.FILE, "HTML", Fault.htmlInsteadOfJson(), "bytes"));
    cells.add(notRetried(Kind.FILE, "404", Fault.notFound(), Expect.FAILED, 1, "HTTP 404"));
    cells.add(persistent(Kind.METADATA, "wrong bytes", Fault.corrupt(), "sha256 mismatch: got "));
    cells.add(persistent(Kind.METADATA, "HTML", Fault.htmlInsteadOfJson(), "sha256 mismatch: got "));
    cells.add(notRetried(Kind.METADATA, "404", Fault.notFound(), Expect.LEFT_OUT, 1, null));
    return cells;
  }

  /** A project per cell, each one pure wheel with core metadata, and one project no fault touches. */
  static Universe universe(int cells) {
    Universe universe = Universe.empty();
    for (int i = 0; i <= cells; i++) {
      universe.addProject(name(i));
      universe.addRelease(name(i), ReleaseSpec.of("1.0", FileKind.PURE_WHEEL));
    }
    return universe;
  }

  static String name(int cell) {
    return "cell-" + cell;
  }

  @Test
  void everyKindOfRequestTimesEveryFaultIsRetriedOrNamedAndTheNextRunRepairsEverything() throws Exception {
    List<Cell> cells = matrix();
    Universe universe = universe(cells.size());
    try (FakePyPI fake = FakePyPI.start(universe)) {
      List<FaultRule> rules = new ArrayList<>();
      List<String> paths = new ArrayList<>();
      for (int i = 0; i < cells.size(); i++) {
        Cell cell = cells.get(i);
        String path = cell.kind().path(name(i), wheel(universe, i));
        paths.add(path);
        rules.add(fake.inject(Pattern.compile("^" + Pattern.quote(path) + "$").asPredicate(),
            cell.times(), cell.fault()));
      }
      Mirror m = Mirror.of(tmp.resolve("home"), fake, CONFIG + "\nworkers = 64");
      Outcome run = m.run("mirror").assertCode(ExitCodes.SYNC_ERRORS);
      assertThat(run.stderr()).doesNotContain("\tat ").doesNotContain("Caused by");
      long failed = cells.stream().filter(c -> c.expect() == Expect.FAILED).count();
      assertThat(run.stdout()).contains(failed + " projects failed");

      Set<String> touched = new HashSet<>();
      for (int i = 0; i < cells.size(); i++) {
        Cell cell = cells.get(i);
        String project = name(i);
        UpstreamFile wheel = wheel(universe, i);
        Path page = m.web().resolve("simple").resolve(project).resolve("index.v1_json");
        int requests = requests(fake, paths.get(i));
        switch (cell.expect()) {
          case SYNCED -> {
            assertThat(rules.get(i).remaining()).as("%s: the fault hit", cell).isZero();
            assertThat(requests).as("%s: requests", cell).isGreaterThanOrEqualTo(cell.requests());
            assertThat(m.file(wheel)).as(cell.toString()).exists();
            assertThat(Files.readString(page)).as(cell.toString()).contains("\"core-metadata\"");
            assertThat(m.file(wheel).resolveSibling(wheel.filename() + ".metadata")).as(cell.toString()).exists();
          }
          case FAILED -> {
            String line = run.stderr().lines().filter(l -> l.contains("ERROR") && l.contains("project " + project + ": "))
                .findFirst().orElseThrow(() -> new AssertionError(cell + ": no failure logged"));
            assertThat(line).as(cell.toString()).contains(cell.error()).contains(fake.baseUri().toString());
            if (cell.retried()) {
              assertThat(line).as(cell.toString()).contains(" after " + ATTEMPTS + " attempts");
              assertThat(requests).as("%s: requests", cell).isGreaterThanOrEqualTo(cell.requests());
            } else {
              assertThat(line).as(cell.toString()).doesNotContain(" attempts");
              assertThat(requests).as("%s: requests", cell).isEqualTo(cell.requests());
            }
            assertThat(page).as(cell.toString()).doesNotExist();
            assertThat(Files.readString(m.directory().resolve("todo"))).as("todo").contains(project + " ");
          }
          case LEFT_OUT -> {
            assertThat(requests).as("%s: requests", cell).isEqualTo(cell.requests());
            if (cell.kind() == Kind.JSON_API) {
              assertThat(page).as(cell.toString()).doesNotExist();
            } else {
              assertThat(Files.readString(page)).as(cell.toString()).doesNotContain("\"core-metadata\"");
              assertThat(m.file(wheel).resolveSibling(wheel.filename() + ".metadata")).doesNotExist();
            }
            // By design such a project is looked at again when upstream's serial for it moves.
            universe.touch(project);
            touched.add(project);
          }
        }
        if (cell.expect() == Expect.FAILED) {
          touched.add(project);
        }
      }
      assertThat(m.directory().resolve("status")).doesNotExist();
      Sandbox.assertNothingPartial(m, HostileUpstreamTest.published(universe));

      fake.clearFaults();
      fake.resetRequests();
      m.run("mirror").assertCode(0);
      assertThat(jsonApiRequests(fake)).as("projects fetched again").containsExactlyInAnyOrderElementsOf(touched);
      HostileUpstreamTest.assertTreeOfACleanMirror(m, fake, tmp.resolve("clean"));
    }
  }

  static UpstreamFile wheel(Universe universe, int cell) {
    return universe.require(name(cell)).files().getFirst();
  }

  static int requests(FakePyPI fake, String path) {
    return (int) fake.requestLog().stream().filter(r -> r.path().equals(path)).count();
  }

  static List<String> jsonApiRequests(FakePyPI fake) {
    return fake.requestLog().stream().map(LoggedRequest::path).filter(p -> p.startsWith("/pypi/"))
        .map(p -> p.substring("/pypi/".length(), p.length() - "/json".length())).distinct().toList();
  }

  /**
   * Faults for the listing's requests ({@code times} each, {@link #ALWAYS} for a 404 or an HTML
   * page, after which XML-RPC gives the listing), and the failure they end in, if any.
   */
  record ListingFault(String label, Map<String, Fault> faults, int times, String error) {
    @Override
    public String toString() {
      return label;
    }
  }

  static Stream<ListingFault> listingFaults() {
    return Stream.of(
        new ListingFault("503 twice", Map.of("^/simple/$", Fault.serviceUnavailable()), 2, null),
        new ListingFault("429 Retry-After: 1", Map.of("^/simple/$", Fault.tooManyRequests()), 1, null),
        new ListingFault("reset twice", Map.of("^/simple/$", Fault.disconnect()), 2, null),
        new ListingFault("stall", Map.of("^/simple/$", STALL), 1, null),
        new ListingFault("short body", Map.of("^/simple/$", Fault.truncate()), 1, null),
        new ListingFault("wrong bytes", Map.of("^/simple/$", Fault.corrupt()), 1, null),
        new ListingFault("HTML: XML-RPC instead", Map.of("^/simple/$", Fault.htmlInsteadOfJson()), ALWAYS, null),
        new ListingFault("404: XML-RPC instead", Map.of("^/simple/$", Fault.notFound()), ALWAYS, null),
        new ListingFault("503 always", Map.of("^/simple/$", Fault.serviceUnavailable()), ALWAYS,
            "HTTP 503 after 4 attempts"),
        new ListingFault("malformed JSON", Map.of("^/simple/$", Fault.malformed()), ALWAYS,
            "malformed project listing"),
        new ListingFault("404, then malformed XML-RPC",
            Map.of("^/simple/$", Fault.notFound(), "^/pypi$", Fault.malformed()), ALWAYS, "/pypi"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("listingFaults")
  void aListingFaultIsRetriedOrStopsTheRunBeforeAnythingChangesAndTheNextRunRepairs(ListingFault listing)
      throws Exception {
    Universe universe = universe(2);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp.resolve("home"), fake, CONFIG);
      m.run("mirror").assertCode(0);
      Map<String, String> before = Sandbox.tree(m.directory());
      universe.addRelease(name(1), ReleaseSpec.of("2.0", FileKind.PURE_WHEEL));
      List<FaultRule> rules = listing.faults().entrySet().stream()
          .map(f -> fake.inject(f.getKey(), listing.times(), f.getValue())).toList();
      fake.resetRequests();

      Outcome run = m.run("mirror");
      assertThat(run.stderr()).doesNotContain("\tat ").doesNotContain("Caused by");
      if (listing.error() == null) {
        run.assertCode(0);
        if (listing.times() == ALWAYS) {
          // changelog_last_serial (the serial moved on), then list_packages_with_serial
          assertThat(fake.requests("POST", "/pypi")).as("XML-RPC asked for the serial, then the listing").isEqualTo(2);
        } else {
          assertThat(rules).allMatch(r -> r.remaining() == 0);
          assertThat(requests(fake, "/simple/")).as("listing requests").isGreaterThanOrEqualTo(listing.times() + 1);
        }
        assertThat(m.web().resolve("simple").resolve(name(1)).resolve("index.html")).content().contains("-2.0-");
      } else {
        run.assertCode(ExitCodes.UPSTREAM);
        assertThat(run.stderr()).contains("jubjub: upstream failed: ").contains(listing.error())
            .contains(fake.baseUri().toString());
        assertThat(fake.requests("/pypi/")).as("no project is fetched without a listing").isZero();
        assertThat(Sandbox.tree(m.directory())).as("the tree after a failed listing").isEqualTo(before);
        fake.clearFaults();
        m.run("mirror").assertCode(0);
      }
      fake.clearFaults();
      HostileUpstreamTest.assertTreeOfACleanMirror(m, fake, tmp.resolve("clean"));
    }
  }

  @Test
  void stopOnErrorStartsNoProjectAfterTheFirstFailureAndTheNextRunRepairs() throws Exception {
    Universe universe = universe(7);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      fake.injectAlways("^/pypi/", Fault.malformed());
      Mirror going = Mirror.of(tmp.resolve("going"), fake, CONFIG + "\nworkers = 1");
      Outcome all = going.run("mirror").assertCode(ExitCodes.SYNC_ERRORS);
      assertThat(all.stdout()).contains("8 projects failed");
      assertThat(fake.requests("/pypi/")).isEqualTo(8);

      fake.resetRequests();
      Mirror stopping = Mirror.of(tmp.resolve("stopping"), fake, CONFIG + "\nworkers = 1\nstop-on-error = true");
      Outcome stopped = stopping.run("mirror").assertCode(ExitCodes.SYNC_ERRORS);
      assertThat(stopped.stdout()).contains("1 project failed").contains("malformed JSON");
      assertThat(fake.requests("/pypi/")).as("JSON API requests with stop-on-error").isEqualTo(1);
      String todo = Files.readString(stopping.directory().resolve("todo"));
      for (int i = 0; i <= 7; i++) {
        assertThat(todo).as("todo").contains(name(i));
      }
      assertThat(stopping.directory().resolve("status")).doesNotExist();
      Sandbox.assertNothingPartial(stopping, HostileUpstreamTest.published(universe));

      fake.clearFaults();
      stopping.run("mirror").assertCode(0);
      HostileUpstreamTest.assertTreeOfACleanMirror(stopping, fake, tmp.resolve("clean"));
    }
  }
}
