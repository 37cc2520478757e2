package dev.jubjub.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * A mutable, thread-safe model of an upstream index. Like PyPI, every change is a journal entry
 * with the next value of one global serial, and a project's {@code last_serial} is the serial of
 * its latest entry. Projects are immutable snapshots replaced on change, so readers never lock.
 * Time is a fake clock derived from the serial, so everything generated is reproducible.
 */
public final class Universe {
  static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

  private final Map<String, UpstreamProject> projects = new ConcurrentHashMap<>(); // normalized
  private final Map<String, UpstreamFile> filesByPath = new ConcurrentHashMap<>();
  private final List<ChangelogEntry> changelog = new ArrayList<>(); // guarded by this
  private final Map<String, Status> statuses = new ConcurrentHashMap<>(); // normalized; absent: active
  private final Map<String, Provenance> provenance = new ConcurrentHashMap<>(); // by file name
  private volatile long serial;

  /** A PEP 792 project status; {@code reason} may be null. */
  public record Status(String status, String reason) {
    public static final Status ACTIVE = new Status("active", null);

    public boolean quarantined() {
      return status.equals("quarantined");
    }
  }

  /**
   * A file's PEP 740 provenance object, served at {@code /integrity/<project>/<version>/<file>/provenance}
   * unless {@code url} says otherwise (a hostile page).
   */
  public record Provenance(byte[] body, String url) {}

  /** The global serial and the projects at that serial, taken together. */
  public record Listing(long serial, List<UpstreamProject> projects) {}

  private Universe() {}

  public static Universe empty() {
    return new Universe();
  }

  /** {@code projects} projects (at least the fixed ones, see {@link UniverseGenerator}) from a seed. */
  public static Universe generate(long seed, int projects) {
    return UniverseGenerator.generate(seed, projects);
  }

  /** All recorded pypi.org projects, including those whose files are listed but absent. */
  public static Universe fromFixtures() {
    return empty().addFixtures(false);
  }

  /** Only the recorded projects whose every listed file can be served. */
  public static Universe fromCompleteFixtures() {
    return empty().addFixtures(true);
  }

  public Universe addFixtures(boolean completeOnly) {
    Fixtures.projects(completeOnly).forEach(p -> addRecorded(p.name(), p.releases()));
    return this;
  }

  /** Adds the named recorded projects (any spelling of their names). */
  public Universe addFixtures(String... names) {
    for (String name : names) {
      var recorded = Fixtures.projects(false).stream()
          .filter(p -> p.normalizedName().equals(Names.normalize(name)))
          .findFirst()
          .orElseThrow(() -> new NoSuchElementException("no fixture project " + name));
      addRecorded(recorded.name(), recorded.releases());
    }
    return this;
  }

  /** Display names of the recorded projects; with {@code completeOnly}, those with all files present. */
  public static List<String> fixtureProjectNames(boolean completeOnly) {
    return Fixtures.projects(completeOnly).stream().map(UpstreamProject::name).toList();
  }

  public long serial() {
    return serial;
  }

  public synchronized Listing listing() {
    return new Listing(serial, projects());
  }

  /** Projects ordered by normalized name, as PyPI's index lists them. */
  public List<UpstreamProject> projects() {
    return projects.values().stream().sorted(Comparator.comparing(UpstreamProject::normalizedName)).toList();
  }

  public Optional<UpstreamProject> project(String anySpelling) {
    return Optional.ofNullable(projects.get(Names.normalize(anySpelling)));
  }

  public UpstreamProject require(String anySpelling) {
    return project(anySpelling).orElseThrow(() -> new NoSuchElementException("no project " + anySpelling));
  }

  /** The file served at {@code packages/…} (no leading slash). */
  public Optional<UpstreamFile> fileAt(String urlPath) {
    return Optional.ofNullable(filesByPath.get(urlPath));
  }

  public List<UpstreamFile> files() {
    return projects().stream().flatMap(p -> p.files().stream()).toList();
  }

  /** Bytes of all servable files: what a full mirror downloads. */
  public long totalBytes() {
    return files().stream().filter(UpstreamFile::present).mapToLong(f -> f.content().length).sum();
  }

  public synchronized List<ChangelogEntry> changelogSince(long since) {
    return changelog.stream().filter(e -> e.serial() > since).toList();
  }

  public synchronized UpstreamProject addProject(String displayName) {
    if (projects.containsKey(Names.normalize(displayName))) {
      throw new IllegalArgumentException("project exists: " + displayName);
    }
    UpstreamProject created = new UpstreamProject(displayName, List.of(), journal(displayName, null, "create"));
    put(null, created);
    return created;
  }

  /** A release with a pure wheel and an sdist. */
  public UpstreamProject addRelease(String project, String version) {
    return addRelease(project, ReleaseSpec.of(version));
  }

  /** Builds the release's files and journals "new release" plus one "add … file" per file. */
  public synchronized UpstreamProject addRelease(String project, ReleaseSpec spec) {
    return addRelease(project, spec, null);
  }

  /**
   * As {@link #addRelease(String, ReleaseSpec)}, with every file's upload time set to {@code
   * uploadTime} instead of the fake clock's (null: the fake clock's), for tests of time itself.
   */
  public synchronized UpstreamProject addRelease(String project, ReleaseSpec spec, Instant uploadTime) {
    UpstreamProject p = require(project);
    checkNewVersion(p, spec.version());
    journal(p.name(), spec.version(), "new release");
    List<UpstreamFile> files = new ArrayList<>();
    for (FileKind kind : spec.kinds()) {
      var built = Distributions.build(p.name(), spec, kind);
      long s = journal(p.name(), spec.version(), "add " + built.pythonVersion() + " file " + built.filename());
      files.add(UpstreamFile.of(built, spec.version(), spec.requiresPython(), uploadTime == null ? clock(s) : uploadTime));
    }
    var release = new UpstreamRelease(spec.version(), files, Json.generatedInfo(p.name(), spec), false, null);
    return replace(p, p.withRelease(release, serial));
  }

  /** Adds a hand-made release (hostile names, foreign URLs, recorded data) as it is. */
  public synchronized UpstreamProject addRelease(String project, UpstreamRelease release) {
    UpstreamProject p = require(project);
    checkNewVersion(p, release.version());
    journal(p.name(), release.version(), "new release");
    for (UpstreamFile f : release.files()) {
      journal(p.name(), release.version(), "add " + f.pythonVersion() + " file " + f.filename());
    }
    return replace(p, p.withRelease(release, serial));
  }

  public synchronized UpstreamProject yankRelease(String project, String version, String reason) {
    return changeRelease(project, version, "yank release", r -> r.withYanked(true, reason));
  }

  public synchronized UpstreamProject unyankRelease(String project, String version) {
    return changeRelease(project, version, "unyank release", r -> r.withYanked(false, null));
  }

  /** Yanks one file only (PyPI yanks whole releases; simple pages show yanking per file). */
  public synchronized UpstreamProject yankFile(String project, String filename, String reason) {
    String version = requireFile(project, filename).version();
    return changeRelease(project, version, "yank file " + filename,
        r -> r.mapFiles(f -> f.filename().equals(filename) ? f.withYanked(true, reason) : f));
  }

  public synchronized UpstreamProject removeFile(String project, String filename) {
    String version = requireFile(project, filename).version();
    return changeRelease(project, version, "remove file " + filename,
        r -> r.withFiles(r.files().stream().filter(f -> !f.filename().equals(filename)).toList()));
  }

  public synchronized UpstreamProject removeRelease(String project, String version) {
    UpstreamProject p = require(project);
    p.release(version).orElseThrow(() -> new NoSuchElementException(project + " has no release " + version));
    return replace(p, p.withoutRelease(version, journal(p.name(), version, "remove release")));
  }

  public synchronized void removeProject(String project) {
    UpstreamProject p = require(project);
    journal(p.name(), null, "remove project");
    projects.remove(p.normalizedName());
    p.files().forEach(f -> filesByPath.remove(f.urlPath()));
  }

  /** The project's PEP 792 status; a quarantined project's JSON API answers 404, its page lists no files. */
  public Status status(String project) {
    return statuses.getOrDefault(Names.normalize(project), Status.ACTIVE);
  }

  /** Sets a project's status (null reason: none), with a new serial, as PyPI's admins do. */
  public synchronized UpstreamProject setStatus(String project, String status, String reason) {
    UpstreamProject p = require(project);
    statuses.put(p.normalizedName(), new Status(status, reason));
    long s = journal(p.name(), null, "set project status " + status);
    return replace(p, new UpstreamProject(p.name(), p.releases(), s));
  }

  public Optional<Provenance> provenance(String filename) {
    return Optional.ofNullable(provenance.get(filename));
  }

  /** Gives a file a provenance object (with a new serial); {@code url} null for PyPI's own URL. */
  public synchronized UpstreamProject addProvenance(String project, String filename, byte[] body, String url) {
    UpstreamProject p = require(project);
    requireFile(project, filename);
    provenance.put(filename, new Provenance(body, url));
    long s = journal(p.name(), null, "add provenance");
    return replace(p, new UpstreamProject(p.name(), p.releases(), s));
  }

  /** A new serial without file changes, like PyPI's "update description" entries. */
  public synchronized UpstreamProject touch(String project) {
    UpstreamProject p = require(project);
    String version = p.latestRelease().map(UpstreamRelease::version).orElse(null);
    long s = journal(p.name(), version, "update description");
    return replace(p, new UpstreamProject(p.name(), p.releases(), s));
  }

  /**
   * Makes upstream serve other bytes for a file than it lists (same length, one byte flipped),
   * without a journal entry: a corrupted storage or CDN, for verify and hash-check tests.
   */
  public synchronized UpstreamProject corruptFile(String project, String filename) {
    UpstreamProject p = require(project);
    UpstreamFile file = requireFile(project, filename);
    byte[] bad = file.content().clone();
    bad[bad.length / 2] ^= (byte) 0xff;
    UpstreamRelease r = p.release(file.version()).orElseThrow()
        .mapFiles(f -> f.filename().equals(filename) ? f.withContent(bad) : f);
    return replace(p, p.withRelease(r, p.lastSerial()));
  }

  /** Adds a project with recorded releases (fixtures); their files keep their recorded times. */
  synchronized void addRecorded(String displayName, List<UpstreamRelease> releases) {
    addProject(displayName);
    releases.forEach(r -> addRelease(displayName, r));
  }

  static Instant clock(long serial) {
    return EPOCH.plusSeconds(serial * 60).plusNanos(serial * 7919 % 1_000_000 * 1000);
  }

  private UpstreamProject changeRelease(
      String project, String version, String action, UnaryOperator<UpstreamRelease> change) {
    UpstreamProject p = require(project);
    UpstreamRelease r = p.release(version)
        .orElseThrow(() -> new NoSuchElementException(project + " has no release " + version));
    long s = journal(p.name(), r.version(), action);
    return replace(p, p.withRelease(change.apply(r), s));
  }

  private UpstreamFile requireFile(String project, String filename) {
    return require(project).file(filename)
        .orElseThrow(() -> new NoSuchElementException(project + " has no file " + filename));
  }

  private static void checkNewVersion(UpstreamProject p, String version) {
    if (p.releases().stream().anyMatch(r -> r.version().equals(version))) {
      throw new IllegalArgumentException(p.name() + " already has release " + version);
    }
  }

  private long journal(String name, String version, String action) {
    long next = serial + 1;
    changelog.add(new ChangelogEntry(name, version, clock(next).getEpochSecond(), action, next));
    serial = next;
    return next;
  }

  private UpstreamProject replace(UpstreamProject old, UpstreamProject updated) {
    put(old, updated);
    return updated;
  }

  /** New paths are indexed before old ones go, so a file that stays is never briefly a 404. */
  private void put(UpstreamProject old, UpstreamProject updated) {
    projects.put(updated.normalizedName(), updated);
    updated.files().stream()
        .filter(f -> !f.urlPath().contains("://"))
        .forEach(f -> filesByPath.put(f.urlPath(), f));
    if (old != null) {
      var kept = updated.files().stream().map(UpstreamFile::urlPath).collect(Collectors.toSet());
      old.files().stream().map(UpstreamFile::urlPath).filter(u -> !kept.contains(u)).forEach(filesByPath::remove);
    }
  }
}
