package dev.jubjub.serve;

import dev.jubjub.serve.FloodLedger.Kind;
import dev.jubjub.serve.FloodLedger.Link;
import dev.jubjub.serve.FloodLedger.Target;
import dev.jubjub.testing.UpstreamFile;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One client of {@link ServeFloodTest} on its own kept-alive connection: a mix of what pip, uv,
 * browsers and caches ask for, every answer checked by the {@link FloodLedger}.
 */
final class FloodWorker implements AutoCloseable {
  static final String JSON = "application/vnd.pypi.simple.v1+json";
  static final String HTML = "text/html";
  private final FloodLedger ledger;
  private final RawHttp http;
  /** Recent 200s (target and ETag), asked again with If-None-Match. */
  private final Deque<Seen> recent = new ArrayDeque<>();

  private record Seen(Target target, String etag, Link link) {}

  FloodWorker(FloodLedger ledger, int port) {
    this.ledger = ledger;
    this.http = new RawHttp(port);
  }

  void connect() throws IOException {
    http.connect();
  }

  int connectionsOpened() {
    return http.opened();
  }

  /**
   * One request of a random kind. Out of 100: 4 root index, 26 project pages (HTML or JSON, a third
   * gzipped), 10 JSON API, 22 files, 8 core metadata files (or ranges where there is none), 15
   * ranges, 15 revalidations of something seen (If-None-Match).
   */
  void step() {
    int dice = ThreadLocalRandom.current().nextInt(100);
    try {
      if (dice < 4) {
        get(new Target(Kind.ROOT, null, "/simple/", random(HTML, JSON), ThreadLocalRandom.current().nextBoolean()), null, null);
      } else if (dice < 30) {
        String p = ledger.randomProject();
        get(new Target(Kind.PAGE, p, "/simple/" + p + "/", random(HTML, JSON), dice % 3 == 0), null, null);
      } else if (dice < 40) {
        String p = ledger.randomProject();
        get(new Target(Kind.JSON_API, p, "/pypi/" + p + "/json", "application/json", false), null, null);
      } else if (dice < 85) {
        Link link = ledger.randomLink();
        if (link == null) {
          return;
        }
        if (dice < 62) {
          get(new Target(Kind.FILE, link.project(), "/" + link.urlPath(), "*/*", false), null, link);
        } else if (dice < 70 && link.metadataSha256() != null) {
          get(new Target(Kind.METADATA, link.project(), "/" + link.urlPath() + ".metadata", "*/*", false), null, link);
        } else {
          range(link);
        }
      } else {
        conditional();
      }
    } catch (IOException e) {
      ledger.tally("io-error");
      ledger.problem("I/O error on a kept-alive connection: " + e);
      http.close();
    }
  }

  private static String random(String a, String b) {
    return ThreadLocalRandom.current().nextBoolean() ? a : b;
  }

  private RawHttp.Reply send(Target t, List<String> extra) throws IOException {
    List<String> headers = new ArrayList<>(4 + extra.size());
    headers.add("Host: " + ledger.host);
    headers.add("Accept: " + t.accept());
    headers.add("User-Agent: jubjub-serve-flood");
    if (t.gzip()) {
      headers.add("Accept-Encoding: gzip");
    }
    headers.addAll(extra);
    long start = System.nanoTime();
    RawHttp.Reply reply = http.send("GET", t.path(), headers);
    ledger.answered(System.nanoTime() - start);
    ledger.tally("requests");
    ledger.tally(t.kind() + " " + reply.status());
    ledger.bodyBytes.add(reply.body().length);
    if (reply.status() >= 500) {
      ledger.problem(t.key() + ": " + reply.status());
    }
    if (!reply.complete()) {
      ledger.problem(t.key() + ": body cut short, " + reply.body().length + " of " + reply.declaredLength() + " bytes");
    }
    return reply;
  }

  /** A plain GET (or one with If-None-Match {@code etag}) and the checks of its answer. */
  private void get(Target t, String ifNoneMatch, Link link) throws IOException {
    RawHttp.Reply reply = send(t, ifNoneMatch == null ? List.of() : List.of("If-None-Match: " + ifNoneMatch));
    String etag = reply.header("etag");
    switch (reply.status()) {
      case 200 -> {
        if (!reply.complete()) {
          return;
        }
        boolean gzipped = "gzip".equalsIgnoreCase(reply.header("content-encoding"));
        if (!gzipped && reply.declaredLength() != reply.body().length) {
          ledger.problem(t.key() + ": Content-Length " + reply.declaredLength() + " but " + reply.body().length + " bytes");
          return;
        }
        if (ifNoneMatch != null && ifNoneMatch.equals(etag)) {
          ledger.problem(t.key() + ": 200 for If-None-Match " + ifNoneMatch + " with that same ETag");
        }
        byte[] body = reply.decoded();
        if (ledger.checkBody(t, reply, body, link)) {
          ledger.etag(t, etag, body);
          remember(t, etag, link);
        }
      }
      case 304 -> {
        if (ifNoneMatch == null) {
          ledger.problem(t.key() + ": 304 to an unconditional request");
        } else if (etag != null && !etag.equals(ifNoneMatch)) {
          ledger.problem(t.key() + ": 304 for If-None-Match " + ifNoneMatch + " with ETag " + etag);
        }
      }
      case 404 -> gone(t, link, 404);
      // While a removal deletes a project's pages one by one, a client that accepts only the
      // representation deleted first finds the other: 406 is then right, for that project only.
      case 406 -> {
        if (t.kind() == Kind.PAGE) {
          gone(t, link, 406);
        } else {
          ledger.problem(t.key() + ": unexpected 406");
        }
      }
      default -> ledger.problem(t.key() + ": unexpected " + reply.status());
    }
  }

  /** A 404 (or 406) is right only for what upstream no longer has; such a link is then dropped. */
  private void gone(Target t, Link link, int status) {
    if (!ledger.goneUpstream(t, link == null ? null : link.urlPath())) {
      ledger.problem(t.key() + ": " + status + " although upstream still has it");
    } else if (link != null) {
      ledger.forget(link);
    }
  }

  private void remember(Target t, String etag, Link link) {
    if (etag == null) {
      return;
    }
    recent.addLast(new Seen(t, etag, link));
    if (recent.size() > 16) {
      recent.removeFirst();
    }
  }

  /** Asks again for something seen before, as a cache revalidating it does. */
  private void conditional() throws IOException {
    if (recent.isEmpty()) {
      return;
    }
    Seen seen = new ArrayList<>(recent).get(ThreadLocalRandom.current().nextInt(recent.size()));
    ledger.tally("conditional");
    get(seen.target(), seen.etag(), seen.link());
  }

  /** A byte range of a file; the bytes must be that slice of upstream's file. */
  private void range(Link link) throws IOException {
    UpstreamFile file = ledger.known(link.urlPath());
    byte[] content = file.content();
    int from = ThreadLocalRandom.current().nextInt(content.length);
    int to = Math.min(content.length - 1, from + ThreadLocalRandom.current().nextInt(4096));
    Target t = new Target(Kind.FILE, link.project(), "/" + link.urlPath(), "*/*", false);
    RawHttp.Reply reply = send(t, List.of("Range: bytes=" + from + "-" + to));
    ledger.tally("range");
    switch (reply.status()) {
      case 206 -> {
        String expected = "bytes " + from + "-" + to + "/" + content.length;
        if (!expected.equals(reply.header("content-range"))) {
          ledger.problem(t.key() + ": Content-Range " + reply.header("content-range") + ", asked " + expected);
        } else if (!Arrays.equals(reply.body(), Arrays.copyOfRange(content, from, to + 1))) {
          ledger.problem(t.key() + ": range " + expected + " is not that slice of the file");
        }
      }
      case 404 -> gone(t, link, 404);
      default -> ledger.problem(t.key() + ": " + reply.status() + " for Range bytes=" + from + "-" + to);
    }
  }

  @Override
  public void close() {
    http.close();
  }
}
