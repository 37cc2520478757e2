package dev.jubjub.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.serve.FloodLedger.Kind;
import dev.jubjub.serve.FloodLedger.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Asks for JSON API documents under many Host values (the JSON API writes file URLs with the
 * Host a client used), each answer checked: complete, and every file URL on that host.
 */
final class HostFlood {
  private final FloodLedger ledger;
  private final int port;
  final LongAdder answers = new LongAdder();
  final LongAdder bytes = new LongAdder();

  HostFlood(FloodLedger ledger, int port) {
    this.ledger = ledger;
    this.port = port;
  }

  /** Valid host and host:port forms, names, IPv4 and IPv6 literals, a different one for each i. */
  static String host(int i) {
    return switch (i % 4) {
      case 0 -> "h" + i + ".flood.example";
      case 1 -> "h" + i + ".flood.example:" + (1024 + i % 60000);
      case 2 -> "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255) + ":8080";
      default -> "[2001:db8::" + Integer.toHexString(i) + "]:3141";
    };
  }

  /**
   * Two Hosts whose URLs have the same length and {@code String.hashCode} ("aan" and "ac0"): their
   * answers differ (the file URLs), so a client holding one's ETag must get the other's body, and a
   * 304 would leave it with file URLs on the wrong host.
   */
  void hostsThatHashAlike(String path) throws IOException {
    String first = "aan.flood.example:8080";
    String second = "ac0.flood.example:8080";
    try (RawHttp http = new RawHttp(port)) {
      RawHttp.Reply a = http.send("GET", path, List.of("Host: " + first, "Accept: application/json"));
      RawHttp.Reply b = http.send("GET", path, List.of("Host: " + second, "Accept: application/json",
          "If-None-Match: " + a.header("etag")));
      if (a.status() != 200 || b.status() != 200) {
        ledger.problem(path + ": " + a.status() + " for Host " + first + ", then " + b.status() + " for Host " + second
            + " with If-None-Match " + a.header("etag") + " (the first's ETag, another body)");
      }
    }
  }

  Ask ask(String path, int urls) {
    return new Ask(path, urls);
  }

  /** Hosts {@code first} to {@code first + count - 1}, over {@code connections} connections. */
  void run(Ask ask, int first, int count, int connections) throws InterruptedException {
    AtomicInteger next = new AtomicInteger(first);
    int end = first + count;
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int c = 0; c < connections; c++) {
        clients.submit(() -> {
          try (RawHttp http = new RawHttp(port)) {
            for (int i = next.getAndIncrement(); i < end; i = next.getAndIncrement()) {
              if (ask.answer(http, host(i), i % 200 == 0)) {
                answers.increment();
              }
            }
          } catch (IOException | RuntimeException e) {
            ledger.problem("a Host flood client stopped: " + e);
          }
          return null;
        });
      }
    }
  }

  /** One document, and how many file URLs it holds. */
  final class Ask {
    private final String path;
    private final int urls;
    private volatile long lastBytes;

    Ask(String path, int urls) {
      this.path = path;
      this.urls = urls;
    }

    int urls() {
      return urls;
    }

    long bytes() {
      return lastBytes;
    }

    /** Fully checked on its own connection: parsed, every file URL with upstream's hash. */
    void check(String host) throws IOException {
      try (RawHttp http = new RawHttp(port)) {
        answer(http, host, true);
      }
    }

    boolean answer(RawHttp http, String host, boolean parse) throws IOException {
      RawHttp.Reply reply = http.send("GET", path, List.of("Host: " + host, "Accept: application/json"));
      bytes.add(reply.body().length);
      lastBytes = reply.body().length;
      if (reply.status() != 200 || !reply.complete() || reply.declaredLength() != reply.body().length) {
        ledger.problem(path + " Host " + host + ": " + reply.status() + ", " + reply.body().length + " of "
            + reply.declaredLength() + " bytes");
        return false;
      }
      String body = new String(reply.body(), StandardCharsets.ISO_8859_1);
      String prefix = "\"http://" + host + "/packages/";
      int found = 0;
      for (int at = body.indexOf(prefix); at >= 0; at = body.indexOf(prefix, at + 1)) {
        found++;
      }
      if (found != urls) {
        ledger.problem(path + " Host " + host + ": " + found + " file URLs on this host, expected " + urls);
        return false;
      }
      if (parse) {
        JsonNode doc = AnswerCheck.STRICT_JSON.readTree(reply.body());
        List<JsonNode> files = new ArrayList<>();
        doc.path("releases").forEach(r -> r.forEach(files::add));
        doc.path("urls").forEach(files::add);
        for (JsonNode f : files) {
          String url = f.path("url").asText();
          String urlPath = url.substring(("http://" + host + "/").length());
          var known = ledger.known(urlPath);
          if (known == null || !known.sha256().equals(f.path("digests").path("sha256").asText())) {
            ledger.problem(path + " Host " + host + ": " + url + " is not a file upstream has with that sha256");
            return false;
          }
        }
        if (host.equals(ledger.host) && path.endsWith("/json") && path.split("/").length == 4) {
          String project = path.split("/")[2];
          return ledger.checkBody(new Target(Kind.JSON_API, project, path, "application/json", false), reply, reply.body(), null);
        }
      }
      return true;
    }
  }
}
