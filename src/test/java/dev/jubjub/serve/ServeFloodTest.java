package dev.jubjub.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.serve.FloodLedger.Target;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamProject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's serve promise: the real server on a loopback port, 256 kept-alive clients for 30 s
 * while syncs in the same JVM rewrite pages, add files and remove projects under it. No 5xx, every
 * body whole, every file with the hash its page promised, every ETag naming one body.
 */
class ServeFloodTest {
  /** How long the clients hammer the server (issue 12 asks for 30 s). */
  static final Duration FLOOD = Duration.ofSeconds(30);
  static final Duration MAX_FLOOD = Duration.ofSeconds(120);
  static final int MIN_SYNCS = 3;
  static final int CONNECTIONS = 256;
  /** A floor far below what a shared 2-core machine makes (58,000 to 128,000), so doing little cannot pass. */
  static final long MIN_REQUESTS = 20_000;

  @TempDir Path tmp;

  @Test
  void twoHundredFiftySixConnectionsWhileSyncsRewriteTheTreeGetOnlyWholeConsistentAnswers() throws Exception {
    Universe universe = Universe.generate(31, 40);
    int initialFiles = universe.files().size();
    try (FakePyPI fake = FakePyPI.start(universe)) {
      InProcessMirror mirror = InProcessMirror.of(tmp, fake, "delete-packages = true\nworkers = 3");
      assertThat(mirror.sync()).isZero();
      try (MirrorServer server = mirror.serve()) {
        FloodLedger ledger = new FloodLedger(universe, server.port());
        Churn churn = new Churn(universe, ledger, mirror);
        long started = System.nanoTime();
        Clients clients = flood(ledger, server.port(), churn);
        double seconds = (System.nanoTime() - started) / 1e9;
        // Serve's caches look at a file again at most every PageCache.RECHECK_NANOS: after that,
        // every answer must be the tree's current one.
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(PageCache.RECHECK_NANOS) + 200);
        int rechecked = finalAnswersMatchTheirEtags(ledger, server.port());

        long requests = ledger.count("requests");
        System.out.printf(
            "serve flood: %d requests in %.1f s (%.0f/s) on %d connections (%d opened in all, slowest answer %d ms), "
                + "%.1f MB of bodies; %d syncs, files %d -> %d, %d answers whose body changed, %d distinct ETags, "
                + "%d documents rechecked after; %s%n",
            requests, seconds, requests / seconds, CONNECTIONS, clients.opened.sum(), ledger.slowestMillis(),
            ledger.bodyBytes.sum() / 1e6, churn.runs, initialFiles, universe.files().size(), ledger.changedTargets(),
            ledger.distinctEtags(), rechecked, ledger.counts());
        assertThat(ledger.samples()).as("problems (%d in all)", ledger.problems()).isEmpty();
        assertThat(clients.finished.get()).as("clients that ran to the end").isEqualTo(CONNECTIONS);
        assertThat(churn.runs).as("syncs during the flood").isGreaterThanOrEqualTo(MIN_SYNCS);
        assertThat(requests).as("requests made").isGreaterThan(MIN_REQUESTS);
        for (String kind : List.of(
            "ROOT 200", "PAGE 200", "JSON_API 200", "FILE 200", "METADATA 200", "FILE 206", "PAGE 304", "FILE 304")) {
          assertThat(ledger.count(kind)).as(kind).isGreaterThan(50);
        }
        assertThat(ledger.changedTargets()).as("answers whose body changed under the clients").isGreaterThan(20);
        assertThat(ledger.links()).as("files linked, with those the syncs added").isGreaterThan(initialFiles);
      }
    }
  }

  /** Client counters: connections opened (with reconnects) and clients that ran to the deadline. */
  private record Clients(LongAdder opened, AtomicInteger finished) {}

  /**
   * Connects all clients first (all open at once), lets them loose until the deadline, and syncs
   * in this thread meanwhile.
   */
  private static Clients flood(FloodLedger ledger, int port, Churn churn) throws InterruptedException {
    Clients clients = new Clients(new LongAdder(), new AtomicInteger());
    long deadline = System.nanoTime() + FLOOD.toNanos();
    // The flood lasts FLOOD and at least MIN_SYNCS syncs (within MAX_FLOOD): how many syncs fit in
    // a fixed time depends on the machine, and the point is answers while the tree is rewritten.
    long last = System.nanoTime() + MAX_FLOOD.toNanos();
    java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
    CountDownLatch connected = new CountDownLatch(CONNECTIONS);
    AtomicInteger open = new AtomicInteger();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < CONNECTIONS; i++) {
        threads.submit(() -> {
          try (FloodWorker worker = new FloodWorker(ledger, port)) {
            worker.connect();
            open.incrementAndGet();
            connected.countDown();
            connected.await();
            while (!over.get()) {
              worker.step();
            }
            clients.opened().add(worker.connectionsOpened());
            clients.finished().incrementAndGet();
          } catch (IOException | InterruptedException | RuntimeException e) {
            ledger.problem("a client stopped: " + e);
            connected.countDown();
          }
          return null;
        });
      }
      assertThat(connected.await(30, TimeUnit.SECONDS)).as("all clients connected").isTrue();
      assertThat(open.get()).as("connections open at once").isEqualTo(CONNECTIONS);
      while (System.nanoTime() < deadline || churn.runs < MIN_SYNCS && System.nanoTime() < last) {
        churn.once();
      }
      over.set(true);
    }
    return clients;
  }

  /**
   * After the flood, each page and JSON document asked for is fetched once more: its ETag must
   * name its body, every older ETag of another body must get the body (200, not a 304), and the
   * current ETag a 304.
   */
  private static int finalAnswersMatchTheirEtags(FloodLedger ledger, int port) throws IOException {
    int n = 0;
    try (RawHttp http = new RawHttp(port)) {
      for (Target t : ledger.mutableTargets().values()) {
        Map<String, String> seen = ledger.etagsOf(t);
        RawHttp.Reply now = get(http, ledger, t, null);
        n++;
        if (now.status() == 404 && ledger.goneUpstream(t, null)) {
          continue;
        }
        byte[] body = now.decoded();
        String etag = now.header("etag");
        if (now.status() != 200 || !ledger.checkBody(t, now, body, null)) {
          ledger.problem(t.key() + ": " + now.status() + " after the flood");
          continue;
        }
        ledger.etag(t, etag, body);
        String sha = FloodLedger.sha256(body);
        for (Map.Entry<String, String> old : seen.entrySet()) {
          if (!old.getKey().equals(etag) && !old.getValue().equals(sha)) {
            int status = get(http, ledger, t, old.getKey()).status();
            if (status != 200) {
              ledger.problem(t.key() + ": " + status + " for If-None-Match " + old.getKey() + " of an older body");
            }
          }
        }
        int revalidated = get(http, ledger, t, etag).status();
        if (revalidated != 304) {
          ledger.problem(t.key() + ": " + revalidated + " for If-None-Match with its current ETag " + etag);
        }
      }
    }
    return n;
  }

  private static RawHttp.Reply get(RawHttp http, FloodLedger ledger, Target t, String ifNoneMatch) throws IOException {
    List<String> headers = new ArrayList<>(List.of("Host: " + ledger.host, "Accept: " + t.accept()));
    if (t.gzip()) {
      headers.add("Accept-Encoding: gzip");
    }
    if (ifNoneMatch != null) {
      headers.add("If-None-Match: " + ifNoneMatch);
    }
    return http.send("GET", t.path(), headers);
  }

  /**
   * Upstream moves on and the mirror follows, in a loop: releases added (new files, rewritten
   * pages), serials bumped with no file change (pages of the same length), releases yanked,
   * projects created and removed (one at a time, which the removal guard lets through).
   */
  private static final class Churn {
    private final Universe universe;
    private final FloodLedger ledger;
    private final InProcessMirror mirror;
    private final Random random = new Random(7);
    int runs;

    Churn(Universe universe, FloodLedger ledger, InProcessMirror mirror) {
      this.universe = universe;
      this.ledger = ledger;
      this.mirror = mirror;
    }

    void once() {
      int i = runs + 1;
      for (int k = 0; k < 3; k++) {
        universe.addRelease(pick().name(), "90." + i + "." + k);
      }
      universe.touch(pick().name());
      universe.touch(pick().name());
      UpstreamProject yank = pick();
      yank.releases().stream().filter(r -> !r.yanked()).findFirst()
          .ifPresent(r -> universe.yankRelease(yank.name(), r.version(), "flood " + i));
      if (i % 3 == 1) {
        universe.addRelease(universe.addProject("flood-new-" + i).name(), "1.0");
      } else if (i % 3 == 2) {
        List<UpstreamProject> removable = universe.projects().stream()
            .filter(p -> !p.normalizedName().startsWith("jubjub-")).toList();
        universe.removeProject(removable.get(random.nextInt(removable.size())).name());
      }
      ledger.learnUpstream();
      runs++;
      int code = mirror.sync();
      if (code != 0) {
        ledger.problem("sync " + runs + " exited " + code);
      }
    }

    private UpstreamProject pick() {
      List<UpstreamProject> all = universe.projects();
      return all.get(random.nextInt(all.size()));
    }
  }
}
