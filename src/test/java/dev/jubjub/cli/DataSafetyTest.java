package dev.jubjub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jubjub.pypi.Sha256;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Fault;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import dev.jubjub.testing.UpstreamProject;
import dev.jubjub.testing.UpstreamRelease;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's data-loss and staleness defects, each run as the real command in this JVM (faster
 * than a process per run): nothing is lost or silently left stale.
 */
class DataSafetyTest {
  @TempDir Path tmp;

  /** A mirror directory and its config, run through the command line in-process. */
  record Mirror(Path directory, Path config) {
    static Mirror of(Path home, FakePyPI fake, String extra) throws IOException {
      Path dir = home.resolve("mirror");
      Path config = home.resolve("bandersnatch.conf");
      Files.createDirectories(home);
      write(config, dir, fake, extra);
      return new Mirror(dir, config);
    }

    /** {@code extra} lines go into {@code [mirror]} and may set {@code workers} (3 otherwise). */
    static void write(Path config, Path dir, FakePyPI fake, String extra) throws IOException {
      Files.writeString(config, """
          [mirror]
          directory = %s
          master = %s
          %s
          json = true
          %s
          """.formatted(dir, fake.baseUri().toString().replaceAll("/$", ""),
              extra.contains("workers =") ? "" : "workers = 3", extra));
    }

    Outcome run(String... args) {
      String[] full = new String[args.length + 2];
      full[0] = args[0];
      full[1] = "-c";
      full[2] = config.toString();
      System.arraycopy(args, 1, full, 3, args.length - 1);
      PrintStream out = System.out;
      PrintStream err = System.err;
      ByteArrayOutputStream stdout = new ByteArrayOutputStream();
      ByteArrayOutputStream stderr = new ByteArrayOutputStream();
      try {
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        int code = Main.run(full);
        return new Outcome(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
      } finally {
        System.setOut(out);
        System.setErr(err);
      }
    }

    Path web() {
      return directory.resolve("web");
    }

    Path file(UpstreamFile f) {
      return web().resolve(f.urlPath());
    }

    long packageFiles() throws IOException {
      Path packages = web().resolve("packages");
      if (!Files.exists(packages)) {
        return 0;
      }
      try (Stream<Path> walk = Files.walk(packages)) {
        return walk.filter(Files::isRegularFile).count();
      }
    }

    String rootIndex() throws IOException {
      return Files.readString(web().resolve("simple/index.html"));
    }
  }

  record Outcome(int code, String stdout, String stderr) {
    Outcome assertCode(int expected) {
      assertThat(code).as("exit code; stdout:\n%s\nstderr:\n%s", stdout, stderr).isEqualTo(expected);
      return this;
    }
  }

  @Test
  void aTypoInAMetadataFilterKeyRemovesNothingAndFailsTheRun() throws Exception {
    Universe universe = Universe.generate(12, 24);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "");
      m.run("mirror").assertCode(0);
      long files = m.packageFiles();
      assertThat(files).isGreaterThan(24);

      Mirror.write(m.config(), m.directory(), fake,
          "[plugins]\nenabled = regex_project_metadata\n[regex_project_metadata]\nnot-null:info.licence_typo = .*\n");
      Outcome typo = m.run("mirror").assertCode(ExitCodes.SYNC_ERRORS);
      assertThat(typo.stdout()).contains("would remove 24 of the mirror's 24 projects").contains("--force");
      assertThat(m.packageFiles()).isEqualTo(files);
      assertThat(m.directory().resolve("todo")).exists();
      // Still refused on the next run: the excluded projects were kept in todo, not forgotten.
      m.run("mirror").assertCode(ExitCodes.SYNC_ERRORS);
      assertThat(m.packageFiles()).isEqualTo(files);
      for (UpstreamProject p : universe.projects()) {
        assertThat(m.rootIndex()).contains(">" + p.normalizedName() + "<");
      }
    }
  }

  @Test
  void aListingCutShortOrEmptyRemovesNothingUnlessForced() throws Exception {
    Universe universe = Universe.generate(13, 20);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "delete-packages = true");
      m.run("mirror").assertCode(0);
      long files = m.packageFiles();
      List<UpstreamProject> projects = universe.projects();
      for (UpstreamProject p : projects.subList(2, projects.size())) {
        universe.removeProject(p.name());
      }
      Outcome cut = m.run("mirror").assertCode(ExitCodes.SYNC_ERRORS);
      assertThat(cut.stdout()).contains("would remove 18 of the mirror's 20 projects");
      assertThat(m.packageFiles()).isEqualTo(files);

      universe.removeProject(projects.get(0).name());
      universe.removeProject(projects.get(1).name());
      m.run("mirror").assertCode(ExitCodes.SYNC_ERRORS);
      assertThat(m.packageFiles()).isEqualTo(files);

      m.run("mirror", "--force").assertCode(0);
      assertThat(m.packageFiles()).isZero();
      assertThat(m.rootIndex()).doesNotContain(projects.get(0).normalizedName());
    }
  }

  @Test
  void aSmallMirrorCannotBeEmptiedAFewProjectsAtATime() throws Exception {
    Universe universe = Universe.generate(23, 6);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "delete-packages = true");
      m.run("mirror").assertCode(0);
      long files = m.packageFiles();
      List<UpstreamProject> projects = universe.projects();
      for (UpstreamProject p : projects) {
        universe.removeProject(p.name());
      }
      universe.addRelease(universe.addProject("bogus").name(), "1.0");
      // The first run syncs "bogus" and refuses the removals; the mirror is then one larger, and
      // the same listing must still be refused.
      m.run("mirror").assertCode(ExitCodes.SYNC_ERRORS);
      Outcome again = m.run("mirror").assertCode(ExitCodes.SYNC_ERRORS);
      assertThat(again.stdout())
          .contains("would remove " + projects.size() + " of the mirror's " + (projects.size() + 1) + " projects")
          .doesNotContain("-1 synced");
      assertThat(m.packageFiles()).isGreaterThan(files);
    }
  }

  @Test
  void aProjectListingAnotherProjectsFileCannotTakeItAwayWhenRemoved() throws Exception {
    Universe universe = Universe.generate(24, 8);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "delete-packages = true");
      UpstreamProject owner = universe.projects().get(0);
      UpstreamFile shared = owner.files().get(0);
      UpstreamProject borrower = universe.addProject("borrower");
      universe.addRelease(borrower.name(), new UpstreamRelease("1.0", List.of(shared.withYanked(false, null)),
          owner.releases().get(0).info(), false, null));
      m.run("mirror").assertCode(0);

      universe.removeProject(borrower.name());
      m.run("mirror").assertCode(0);
      assertThat(m.web().resolve("simple/borrower")).doesNotExist();
      assertThat(m.file(shared)).exists();
      assertEveryLinkResolves(m);
    }
  }

  @Test
  void aFewRemovalsGoAheadWithoutAsking() throws Exception {
    Universe universe = Universe.generate(14, 20);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "delete-packages = true");
      m.run("mirror").assertCode(0);
      UpstreamProject gone = universe.projects().get(3);
      universe.removeProject(gone.name());
      m.run("mirror").assertCode(0);
      assertThat(m.web().resolve("simple").resolve(gone.normalizedName())).doesNotExist();
      assertThat(m.rootIndex()).doesNotContain(">" + gone.normalizedName() + "<");
      for (UpstreamFile f : gone.files()) {
        assertThat(m.file(f)).doesNotExist();
      }
    }
  }

  @Test
  void aJsonApi404ForAListedProjectKeepsIt() throws Exception {
    Universe universe = Universe.generate(15, 6);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "delete-packages = true");
      m.run("mirror").assertCode(0);
      UpstreamProject p = universe.projects().get(0);
      universe.addRelease(p.name(), "9.0");
      fake.injectAlways("^/pypi/[^/]+/json", Fault.notFound());
      m.run("mirror").assertCode(0);
      for (UpstreamFile f : p.files()) {
        assertThat(m.file(f)).exists();
      }
      assertThat(m.web().resolve("simple").resolve(p.normalizedName()).resolve("index.html")).exists();
    }
  }

  @Test
  void projectsLeftOutOnPurposeAreNotFetchedAgainOnANoChangeRun() throws Exception {
    Universe universe = Universe.generate(22, 12);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      UpstreamProject few = universe.projects().stream().filter(p -> p.releases().size() < 3).findFirst().orElseThrow();
      UpstreamProject gone = universe.addProject("listed-but-no-json");
      fake.injectAlways("^/pypi/" + gone.name() + "/json", Fault.notFound());
      Mirror m = Mirror.of(tmp, fake,
          "[plugins]\nenabled = versions_count_project_metadata\n[versions_count_project_metadata]\nmin_versions = 3\n");
      m.run("mirror").assertCode(0);
      assertThat(m.web().resolve("simple").resolve(few.normalizedName())).doesNotExist();

      fake.resetRequests();
      m.run("mirror").assertCode(0);
      assertThat(fake.requests("/pypi/")).as("JSON API requests on a no-change run").isZero();

      universe.addRelease(few.name(), "9.0");
      universe.addRelease(few.name(), "9.1");
      fake.resetRequests();
      m.run("mirror").assertCode(0);
      assertThat(fake.requests("/pypi/")).isEqualTo(1);
      assertThat(m.web().resolve("simple").resolve(few.normalizedName()).resolve("index.html")).exists();
    }
  }

  @Test
  void theRootIndexTakesSerialsFromPagesAnotherToolWroteSinceTheLastRun() throws Exception {
    Universe universe = Universe.generate(25, 4);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "");
      m.run("mirror").assertCode(0);
      UpstreamProject p = universe.touch(universe.projects().get(0).name());
      // bandersnatch syncs p into the tree: p's pages and status move on, .jubjub-serials does not.
      Path page = m.web().resolve("simple").resolve(p.normalizedName()).resolve("index.v1_json");
      JsonNode json = new ObjectMapper().readTree(page.toFile());
      ((com.fasterxml.jackson.databind.node.ObjectNode) json.path("meta")).put("_last-serial", Long.toString(p.lastSerial()));
      Files.write(page, new ObjectMapper().writeValueAsBytes(json));
      Files.writeString(m.directory().resolve("status"), Long.toString(universe.serial()));

      UpstreamProject q = universe.touch(universe.projects().get(1).name());
      m.run("mirror").assertCode(0);
      String root = Files.readString(m.web().resolve("simple/index.v1_json"));
      assertThat(root).contains("{\"name\": \"" + p.normalizedName() + "\", \"_last-serial\": " + p.lastSerial() + "}")
          .contains("{\"name\": \"" + q.normalizedName() + "\", \"_last-serial\": " + q.lastSerial() + "}");
    }
  }

  @Test
  void aCoreMetadataFileThatKeepsFailingFailsItsProjectAndTheNextRunFetchesIt() throws Exception {
    Universe universe = Universe.generate(16, 3);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      UpstreamFile withMetadata = universe.files().stream().filter(f -> f.coreMetadata() != null).findFirst().orElseThrow();
      Mirror m = Mirror.of(tmp, fake, "");
      fake.inject(path -> path.endsWith(withMetadata.filename() + ".metadata"), 1000, Fault.serviceUnavailable());
      Outcome failed = m.run("mirror").assertCode(ExitCodes.SYNC_ERRORS);
      assertThat(failed.stdout()).contains(withMetadata.filename() + ".metadata");
      assertThat(m.directory().resolve("status")).doesNotExist();

      fake.clearFaults();
      m.run("mirror").assertCode(0);
      Path metadata = m.file(withMetadata).resolveSibling(withMetadata.filename() + ".metadata");
      assertThat(metadata).hasBinaryContent(withMetadata.coreMetadata());
      Path page = m.web().resolve("simple").resolve(universe.projects().stream()
          .filter(p -> p.files().contains(withMetadata)).findFirst().orElseThrow().normalizedName()).resolve("index.v1_json");
      assertThat(Files.readString(page)).contains("\"core-metadata\"");
    }
  }

  @Test
  void aTruncatedLocalPageMeansSyncAgainForMirrorVerifyAndSync() throws Exception {
    Universe universe = Universe.generate(17, 4);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "");
      m.run("mirror").assertCode(0);
      UpstreamProject p = universe.projects().get(1);
      Path page = m.web().resolve("simple").resolve(p.normalizedName()).resolve("index.v1_json");
      String whole = Files.readString(page);
      Files.writeString(page, whole.substring(0, whole.length() / 2));
      universe.touch(p.name());

      m.run("mirror").assertCode(0);
      JsonNode rewritten = new ObjectMapper().readTree(page.toFile());
      assertThat(rewritten.path("files")).isEqualTo(new ObjectMapper().readTree(whole).path("files"));
      assertThat(rewritten.path("meta").path("_last-serial").asText())
          .isEqualTo(Long.toString(universe.require(p.name()).lastSerial()));
      whole = Files.readString(page);

      Files.writeString(page, whole.substring(0, whole.length() / 3));
      m.run("verify").assertCode(0);
      assertThat(Files.readString(page)).isEqualTo(whole);

      Files.writeString(page, "{");
      m.run("sync", p.name()).assertCode(0);
      assertThat(Files.readString(page)).isEqualTo(whole);
    }
  }

  @Test
  void aSecondProjectClaimingAPathWithOtherBytesFailsAndOverwritesNothing() throws Exception {
    Universe universe = Universe.generate(18, 3);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "");
      m.run("mirror").assertCode(0);
      UpstreamProject owner = universe.projects().get(0);
      UpstreamFile victim = owner.files().get(0);
      UpstreamProject thief = universe.projects().get(1);
      UpstreamFile theirs = thief.files().get(0);
      UpstreamFile hostile = new UpstreamFile(victim.filename(), "66.0", theirs.packagetype(),
          theirs.pythonVersion(), null, theirs.size(), theirs.sha256(), theirs.md5(), theirs.blake2b256(),
          theirs.uploadTime(), false, null, victim.urlPath(), theirs.content(), null);
      universe.addRelease(thief.name(), new UpstreamRelease("66.0", List.of(hostile),
          universe.require(thief.name()).releases().get(0).info(), false, null));

      Outcome run = m.run("mirror").assertCode(ExitCodes.SYNC_ERRORS);
      assertThat(run.stdout()).contains("project " + thief.name()).contains("also claimed by");
      assertThat(Sha256.of(Files.newInputStream(m.file(victim)))).isEqualTo(victim.sha256());
    }
  }

  @Test
  void filesAreReadableByAWebServerWhenPermissionsAreNotManaged() throws Exception {
    Universe universe = Universe.generate(19, 2);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "storage-filesystem-manage-permissions = false");
      m.run("mirror").assertCode(0);
      UpstreamFile f = universe.files().get(0);
      // The test JVM runs under umask 022 (as cron and systemd default to): others may read.
      assertThat(Files.getPosixFilePermissions(m.file(f))).contains(PosixFilePermission.OTHERS_READ);
      assertThat(Files.getPosixFilePermissions(m.web().resolve("simple/index.html")))
          .contains(PosixFilePermission.OTHERS_READ);
    }
  }

  @Test
  void aSymlinkPlantedInTheTreeCannotMakeTheMirrorWriteOutsideIt() throws Exception {
    Universe universe = Universe.generate(20, 2);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp.resolve("home"), fake, "");
      Path outside = Files.createDirectories(tmp.resolve("outside"));
      Files.createDirectories(m.web().resolve("simple"));
      Files.createSymbolicLink(m.web().resolve("simple").resolve(universe.projects().get(0).normalizedName()), outside);

      Outcome run = m.run("mirror").assertCode(ExitCodes.STORAGE);
      assertThat(run.stderr()).contains("leads out of the mirror directory");
      try (Stream<Path> walk = Files.list(outside)) {
        assertThat(walk.toList()).isEmpty();
      }
      assertThat(Set.of(m.directory().resolve("status"))).allMatch(Files::notExists);
    }
  }

  @Test
  void aFullDiskStopsTheRunAtOnceWithOneClearLineAndTheNextRunCompletes() throws Exception {
    Path small = mountTmpfs(tmp.resolve("small"), "256k");
    try {
      Universe universe = Universe.generate(21, 60);
      try (FakePyPI fake = FakePyPI.start(universe)) {
        Mirror m = Mirror.of(small, fake, "");
        Outcome full = m.run("mirror").assertCode(ExitCodes.STORAGE);
        assertThat(full.stderr()).contains("the mirror's storage failed").contains("No space left")
            .doesNotContain("retrying");
        assertThat(m.directory().resolve("status")).doesNotExist();
        assertEveryLinkResolves(m);

        Process grow = new ProcessBuilder("mount", "-o", "remount,size=64m", small.toString()).start();
        assertThat(grow.waitFor()).isZero();
        m.run("mirror").assertCode(0);
        assertEveryLinkResolves(m);
        for (UpstreamFile f : universe.files()) {
          assertThat(Sha256.of(Files.newInputStream(m.file(f)))).isEqualTo(f.sha256());
        }
      }
    } finally {
      new ProcessBuilder("umount", "-l", small.toString()).start().waitFor();
    }
  }

  @Test
  void switchingHashIndexMovesThePagesBothWaysWithoutFetchingAFileAgain() throws Exception {
    Universe universe = Universe.generate(31, 8);
    // "v" and "versions" share web/simple/v/versions/ across the two layouts: project v's kept
    // page versions in the flat one, project "versions" itself with hash-index.
    universe.addRelease(universe.addProject("v").name(), "1.0");
    universe.addRelease(universe.addProject("versions").name(), "1.0");
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "keep_index_versions = 2\ndelete-packages = true");
      m.run("mirror").assertCode(0);
      UpstreamProject gone = universe.projects().stream()
          .filter(p -> p.normalizedName().length() > 1 && !p.normalizedName().equals("versions"))
          .findFirst().orElseThrow();
      universe.removeProject(gone.name());
      Set<String> goneFiles = new java.util.HashSet<>();
      gone.files().forEach(f -> goneFiles.add(f.urlPath()));
      fake.resetRequests();

      Mirror.write(m.config(), m.directory(), fake, "keep_index_versions = 2\ndelete-packages = true\nhash-index = true");
      // A server started before the switch (flat), its existence cache warm, goes on finding the
      // pages the run moves, at once.
      try (dev.jubjub.serve.MirrorServer server = new dev.jubjub.serve.MirrorServer(dev.jubjub.serve.ServeOptions.onLoopback(
          dev.jubjub.store.FileSystemStorage.forReading(m.directory()), false))) {
        server.start();
        for (UpstreamProject p : universe.projects()) {
          assertThat(status(server, "/simple/" + p.normalizedName() + "/")).as(p.normalizedName()).isEqualTo(200);
        }
        m.run("mirror").assertCode(0);
        for (UpstreamProject p : universe.projects()) {
          assertThat(status(server, "/simple/" + p.normalizedName() + "/")).as(p.normalizedName()).isEqualTo(200);
        }
      }
      assertThat(fake.requests("/packages/")).as("files fetched again").isZero();
      assertLayout(m, universe, true);
      assertThat(m.web().resolve("simple/" + gone.normalizedName())).doesNotExist();
      assertThat(m.web().resolve("simple/" + gone.normalizedName().charAt(0) + "/" + gone.normalizedName()))
          .doesNotExist();
      goneFiles.forEach(f -> assertThat(m.web().resolve(f)).doesNotExist());
      long files = m.packageFiles();
      m.run("verify", "--delete").assertCode(0);
      assertThat(m.packageFiles()).isEqualTo(files);

      Mirror.write(m.config(), m.directory(), fake, "keep_index_versions = 2\ndelete-packages = true");
      fake.resetRequests();
      m.run("verify", "--delete").assertCode(0);
      assertThat(fake.requests("/packages/")).as("files fetched again").isZero();
      assertThat(m.packageFiles()).isEqualTo(files);
      assertLayout(m, universe, false);
      m.run("mirror").assertCode(0);
      assertLayout(m, universe, false);

      // Switched again, and the first command is a delete: it moves the pages before it writes
      // the root index, which would otherwise list none of them.
      Mirror.write(m.config(), m.directory(), fake, "keep_index_versions = 2\ndelete-packages = true\nhash-index = true");
      UpstreamProject dropped = universe.projects().get(0);
      m.run("delete", dropped.name()).assertCode(0);
      universe.removeProject(dropped.name());
      assertLayout(m, universe, true);
      m.run("mirror").assertCode(0);
      assertLayout(m, universe, true);
    }
  }

  @Test
  void theJsonCopiesNameTheCoreMetadataFilesTheMirrorHasSoBandersnatchVerifyKeepsThem() throws Exception {
    Universe universe = Universe.generate(32, 10);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      // An upstream whose JSON API predates core-metadata: the hashes come from PEP 691 pages.
      Mirror m = Mirror.of(tmp, fake, "");
      m.run("mirror").assertCode(0);
      Set<String> onDisk = filesUnder(m.web(), "packages");
      assertThat(onDisk).anyMatch(f -> f.endsWith(".metadata"));
      assertThat(ownedAsBandersnatchVerifySeesIt(m)).containsExactlyInAnyOrderElementsOf(onDisk);

      Path bandersnatch = Path.of(System.getProperty("user.home"), ".cache/jubjub-bench/bandersnatch/bin/bandersnatch");
      if (Files.isExecutable(bandersnatch)) {
        // The yardstick bench/bandersnatch-setup builds, when this machine has it.
        Files.writeString(m.config(), Files.readString(m.config()).replace("[mirror]", "[mirror]\nallow-non-https = true"));
        Process verify = new ProcessBuilder(bandersnatch.toString(), "-c", m.config().toString(), "verify", "--delete")
            .redirectErrorStream(true).redirectOutput(tmp.resolve("bandersnatch.log").toFile()).start();
        assertThat(verify.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(filesUnder(m.web(), "packages")).as(Files.readString(tmp.resolve("bandersnatch.log")))
            .containsExactlyInAnyOrderElementsOf(onDisk);
      }
    }
  }

  /**
   * What bandersnatch 8.0.0's {@code verify --delete} keeps: each file of each release in
   * {@code web/json/<project>}, and its {@code .metadata} when the entry's {@code core-metadata}
   * gives a hash (its verify.py and utils.find_core_metadata_digest).
   */
  private static Set<String> ownedAsBandersnatchVerifySeesIt(Mirror m) throws IOException {
    Set<String> owned = new java.util.TreeSet<>();
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> copies = Files.list(m.web().resolve("json"))) {
      for (Path copy : copies.toList()) {
        for (JsonNode release : json.readTree(copy.toFile()).path("releases")) {
          for (JsonNode file : release) {
            String path = java.net.URI.create(file.path("url").asText()).getPath().substring(1);
            owned.add(path);
            if (file.path("core-metadata").path("sha256").isTextual()) {
              owned.add(path + ".metadata");
            }
          }
        }
      }
    }
    return owned;
  }

  private static Set<String> filesUnder(Path web, String dir) throws IOException {
    try (Stream<Path> walk = Files.walk(web.resolve(dir))) {
      return walk.filter(Files::isRegularFile).map(p -> web.relativize(p).toString())
          .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
    }
  }

  @Test
  void verifyDryRunAppliesTheFiltersAndVerifyCountsTheCoreMetadataFilesItFetchesAgain() throws Exception {
    Universe universe = Universe.generate(33, 12);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "[plugins]\nenabled = exclude_platform\n[blocklist]\nplatforms = windows\n");
      m.run("mirror").assertCode(0);
      assertThat(universe.files()).anyMatch(f -> f.filename().contains("win"));
      assertThat(m.run("verify", "--dry-run").assertCode(0).stdout()).contains(", 0 missing or corrupt");

      List<Path> files;
      try (Stream<Path> walk = Files.walk(m.web().resolve("packages"))) {
        files = walk.filter(Files::isRegularFile).sorted().toList();
      }
      Path metadata = files.stream().filter(f -> f.toString().endsWith(".metadata")).findFirst().orElseThrow();
      Path wheel = files.stream().filter(f -> f.toString().endsWith(".whl")
          && !Files.exists(Path.of(f + ".metadata"))).findFirst()
          .orElse(files.stream().filter(f -> f.toString().endsWith(".tar.gz")).findFirst().orElseThrow());
      Files.delete(metadata);
      Files.delete(wheel);
      assertThat(m.run("verify", "--dry-run").assertCode(0).stdout()).contains(", 1 missing or corrupt");
      assertThat(m.run("verify").assertCode(0).stdout()).contains(", 1 repaired, 1 core metadata files fetched again");
      assertThat(metadata).exists();
      assertThat(wheel).exists();
    }
  }

  @Test
  void verifyDeleteOfMoreUnownedFilesThanOwnedOnesAsksFirstAndForceSaysYes() throws Exception {
    Universe universe = Universe.generate(35, 4);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror m = Mirror.of(tmp, fake, "");
      m.run("mirror").assertCode(0);
      long owned;
      try (Stream<Path> walk = Files.walk(m.web().resolve("packages"))) {
        owned = walk.filter(Files::isRegularFile).count();
      }
      // Leftovers of a run that dropped many releases: more than the files still linked.
      for (int i = 0; i <= owned; i++) {
        Files.createDirectories(m.web().resolve("packages/zz/" + i));
        Files.writeString(m.web().resolve("packages/zz/" + i + "/old-" + i + ".tar.gz"), "x");
      }
      Outcome refused = m.run("verify", "--delete").assertCode(ExitCodes.USAGE);
      assertThat(refused.stderr()).contains("unowned files when only " + owned + " are owned").contains("--force")
          .doesNotContain("storage failed");
      assertThat(m.web().resolve("packages/zz/0/old-0.tar.gz")).exists();
      m.run("verify", "--delete", "--force").assertCode(0);
      assertThat(m.web().resolve("packages/zz/0/old-0.tar.gz")).doesNotExist();
      assertThat(m.run("verify").assertCode(0).stdout()).contains("unowned:  0 found");
    }
  }

  @Test
  void aReadOnlyMirrorIsServedAndAMirrorRunOnItStopsWithOneClearLine() throws Exception {
    Path ro = mountTmpfs(tmp.resolve("ro"), "64m");
    try {
      Universe universe = Universe.generate(34, 6);
      try (FakePyPI fake = FakePyPI.start(universe)) {
        Mirror m = Mirror.of(ro, fake, "");
        m.run("mirror").assertCode(0);
        assertThat(new ProcessBuilder("mount", "-o", "remount,ro", ro.toString()).start().waitFor()).isZero();

        Outcome refused = m.run("mirror").assertCode(ExitCodes.STORAGE);
        assertThat(refused.stderr()).contains("the mirror's storage failed").contains("Read-only file system")
            .doesNotContain("\tat ");
        dev.jubjub.serve.ServeOptions options = new dev.jubjub.serve.ServeOptions(
            dev.jubjub.store.FileSystemStorage.forReading(m.directory()), "127.0.0.1", 0, false, java.util.Optional.empty(),
            java.util.Optional.empty(), java.util.Optional.of(m.directory().resolve("local-stats")), false, true,
            java.util.Optional.empty());
        try (dev.jubjub.serve.MirrorServer server = new dev.jubjub.serve.MirrorServer(options)) {
          server.start();
          java.net.URI base = java.net.URI.create("http://127.0.0.1:" + server.port());
          UpstreamFile file = universe.files().get(0);
          java.net.HttpURLConnection index = (java.net.HttpURLConnection) base.resolve("/simple/").toURL().openConnection();
          assertThat(index.getResponseCode()).isEqualTo(200);
          java.net.HttpURLConnection get = (java.net.HttpURLConnection) base.resolve("/" + file.urlPath()).toURL().openConnection();
          assertThat(get.getResponseCode()).isEqualTo(200);
          try (var in = get.getInputStream()) {
            assertThat(Sha256.of(in)).isEqualTo(file.sha256());
          }
        }
      }
    } finally {
      new ProcessBuilder("umount", "-l", ro.toString()).start().waitFor();
    }
  }

  @Test
  void mistakesOfTheCommandLineAreOneLineNeverAnEmptyMirrorOrASuccess() throws Exception {
    Universe universe = Universe.generate(35, 4);
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Mirror typo = Mirror.of(tmp.resolve("typo"), fake, "");
      for (String command : List.of("verify", "delete")) {
        Outcome refused = command.equals("delete") ? typo.run(command, "x").assertCode(ExitCodes.USAGE)
            : typo.run(command).assertCode(ExitCodes.USAGE);
        assertThat(refused.stderr()).contains("holds no mirror yet").doesNotContain("\tat ");
      }
      assertThat(typo.directory()).doesNotExist();

      Mirror m = Mirror.of(tmp.resolve("real"), fake, "");
      m.run("mirror").assertCode(0);
      Outcome missing = m.run("sync", "no-such-project").assertCode(ExitCodes.SYNC_ERRORS);
      assertThat(missing.stdout()).contains("no-such-project").contains("404").doesNotContain("errors:   none");
      assertThat(m.run("serve", "--port", "99999").assertCode(ExitCodes.USAGE).stderr()).contains("out of range");
      try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
        Outcome busy = m.run("serve", "--port", Integer.toString(taken.getLocalPort())).assertCode(ExitCodes.USAGE);
        assertThat(busy.stderr()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()).doesNotContain("storage");
      }
    }
  }

  private static int status(dev.jubjub.serve.MirrorServer server, String path) throws IOException {
    return ((java.net.HttpURLConnection) java.net.URI.create("http://127.0.0.1:" + server.port() + path).toURL()
        .openConnection()).getResponseCode();
  }

  /** Every project has its pages in one layout, and none in the other; every link resolves. */
  private static void assertLayout(Mirror m, Universe universe, boolean hashIndex) throws IOException {
    for (UpstreamProject p : universe.projects()) {
      String name = p.normalizedName();
      Path flat = m.web().resolve("simple/" + name);
      Path hashed = m.web().resolve("simple/" + name.charAt(0) + "/" + name);
      assertThat((hashIndex ? hashed : flat).resolve("index.html")).as(name).isRegularFile();
      assertThat((hashIndex ? hashed : flat).resolve("index.v1_json")).as(name).isRegularFile();
      assertThat((hashIndex ? flat : hashed).resolve("index.html")).as(name).doesNotExist();
      assertThat((hashIndex ? flat : hashed).resolve("index.v1_json")).as(name).doesNotExist();
      assertThat(m.rootIndex()).contains(">" + name + "<");
    }
    assertEveryLinkResolves(m);
  }

  /** A tmpfs of this size mounted at {@code dir}; the test is skipped where mounting is not allowed. */
  private static Path mountTmpfs(Path dir, String size) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString())
        .redirectErrorStream(true).start();
    String why = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here (needs root): " + why);
    return dir;
  }

  /** Every file a JSON page links is there with the hash the page gives: what pip relies on. */
  static void assertEveryLinkResolves(Mirror m) throws IOException {
    Path simple = m.web().resolve("simple");
    if (!Files.exists(simple)) {
      return;
    }
    ObjectMapper json = new ObjectMapper();
    try (Stream<Path> pages = Files.walk(simple)) {
      for (Path page : pages.filter(p -> p.getFileName().toString().equals("index.v1_json")).toList()) {
        for (JsonNode file : json.readTree(page.toFile()).path("files")) {
          // Clients ask /simple/<project>/ in either layout (hash-index is a server-side rewrite).
          Path linked = simple.resolve(page.getParent().getFileName().toString())
              .resolve(file.path("url").asText()).normalize();
          assertThat(linked).as("linked from %s", page).isRegularFile();
          try (var in = Files.newInputStream(linked)) {
            assertThat(Sha256.of(in)).isEqualTo(file.path("hashes").path("sha256").asText());
          }
        }
      }
    }
  }
}
