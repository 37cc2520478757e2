package dev.jubjub.serve;

import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the clients of the flood tests learned (projects, links, ETags), what they counted, and
 * every way an answer was wrong. Bodies are held to upstream's truth (the {@link Universe}, and
 * every file it ever listed) by {@link AnswerCheck}; here each ETag is held to one body.
 */
final class FloodLedger {
  private static final int MAX_SAMPLES = 30;

  /** What a client asks for; {@code key} identifies one representation for the ETag checks. */
  enum Kind { ROOT, PAGE, JSON_API, FILE, METADATA }

  record Target(Kind kind, String project, String path, String accept, boolean gzip) {
    String key() {
      return path + " accept=" + accept + (gzip ? " gzip" : "");
    }

    boolean mutable() {
      return kind == Kind.ROOT || kind == Kind.PAGE || kind == Kind.JSON_API;
    }
  }

  /** A file as a page linked it: the hash the page promised, and its core metadata's. */
  record Link(String project, String urlPath, String sha256, String metadataSha256) {}

  final Universe universe;
  final String host;
  private final Map<String, UpstreamFile> known = new ConcurrentHashMap<>();
  private final Map<String, Link> links = new ConcurrentHashMap<>();
  private final List<Link> linkList = Collections.synchronizedList(new ArrayList<>());
  private volatile List<String> projects;
  private final Map<String, String> bodiesByEtag = new ConcurrentHashMap<>();
  private final Map<String, Target> mutableTargets = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  final LongAdder bodyBytes = new LongAdder();
  private final AtomicLong slowestNanos = new AtomicLong();
  private final ConcurrentLinkedQueue<String> samples = new ConcurrentLinkedQueue<>();
  private final AtomicInteger problems = new AtomicInteger();
  private final AnswerCheck answers = new AnswerCheck(this);

  FloodLedger(Universe universe, int port) {
    this.universe = universe;
    this.host = "127.0.0.1:" + port;
    learnUpstream();
    this.projects = universe.projects().stream().map(p -> p.normalizedName()).toList();
  }

  /** Remembers every file upstream lists now; called before each sync, so a page can only link known files. */
  void learnUpstream() {
    universe.files().stream().filter(UpstreamFile::present).forEach(f -> known.putIfAbsent(f.urlPath(), f));
  }

  void tally(String what) {
    counts.computeIfAbsent(what, k -> new LongAdder()).increment();
  }

  long count(String what) {
    LongAdder n = counts.get(what);
    return n == null ? 0 : n.sum();
  }

  Map<String, Long> counts() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  void answered(long nanos) {
    slowestNanos.accumulateAndGet(nanos, Math::max);
  }

  long slowestMillis() {
    return slowestNanos.get() / 1_000_000;
  }

  void problem(String what) {
    if (problems.incrementAndGet() <= MAX_SAMPLES) {
      samples.add(what);
    }
  }

  int problems() {
    return problems.get();
  }

  List<String> samples() {
    return List.copyOf(samples);
  }

  String randomProject() {
    List<String> p = projects;
    return p.get(ThreadLocalRandom.current().nextInt(p.size()));
  }

  Link randomLink() {
    synchronized (linkList) {
      return linkList.isEmpty() ? null : linkList.get(ThreadLocalRandom.current().nextInt(linkList.size()));
    }
  }

  void forget(Link link) {
    linkList.remove(link);
  }

  UpstreamFile known(String urlPath) {
    return known.get(urlPath);
  }

  int distinctEtags() {
    return bodiesByEtag.size();
  }

  /** Files linked by some answer (each then fetched now and then), those since removed included. */
  int links() {
    return links.size();
  }

  /** Requests (target keys) that were answered with more than one body during the flood. */
  long changedTargets() {
    Map<String, Set<String>> bodies = new HashMap<>();
    bodiesByEtag.forEach((k, sha) ->
        bodies.computeIfAbsent(k.substring(0, k.indexOf('\n')), x -> new HashSet<>()).add(sha));
    return mutableTargets.keySet().stream().filter(k -> bodies.getOrDefault(k, Set.of()).size() > 1).count();
  }

  Map<String, Target> mutableTargets() {
    return mutableTargets;
  }

  /** ETags seen for a target, with the sha256 of the body each named. */
  Map<String, String> etagsOf(Target t) {
    String prefix = t.key() + "\n";
    Map<String, String> out = new TreeMap<>();
    bodiesByEtag.forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  /** Whether a 404 for this target is right: upstream no longer has the project or the file. */
  boolean goneUpstream(Target t, String urlPath) {
    return switch (t.kind()) {
      case PAGE, JSON_API -> universe.project(t.project()).isEmpty();
      case FILE, METADATA -> universe.fileAt(urlPath).isEmpty();
      case ROOT -> false;
    };
  }

  /**
   * Records a 200's body under its ETag; the same ETag for the same request must always name the
   * same bytes, or a client's If-None-Match could keep a body the server no longer has.
   */
  void etag(Target t, String etag, byte[] body) {
    if (etag == null) {
      problem(t.key() + ": 200 without an ETag");
      return;
    }
    if (t.mutable()) {
      mutableTargets.putIfAbsent(t.key(), t);
    }
    String sha = sha256(body);
    String earlier = bodiesByEtag.putIfAbsent(t.key() + "\n" + etag, sha);
    if (earlier != null && !earlier.equals(sha)) {
      problem(t.key() + ": ETag " + etag + " named two different bodies (sha256 " + earlier + " and " + sha + ")");
    }
  }

  /** Checks a 200 body of any kind; returns false (with a problem recorded) when it is wrong. */
  boolean checkBody(Target t, RawHttp.Reply reply, byte[] body, Link link) throws IOException {
    return answers.check(t, reply, body, link);
  }

  /** Adds a file a checked answer linked, for clients to fetch. */
  void linked(Link l) {
    if (links.putIfAbsent(l.urlPath(), l) == null) {
      linkList.add(l);
    }
  }

  /** The projects the last root index listed, for clients to ask for. */
  void listed(List<String> names) {
    projects = List.copyOf(names);
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
