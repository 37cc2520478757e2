package dev.jubjub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.config.IniFile;
import dev.jubjub.config.MirrorConfig;
import dev.jubjub.config.S3Config;
import dev.jubjub.serve.MirrorServer;
import dev.jubjub.serve.ServeOptions;
import dev.jubjub.store.S3Storage;
import dev.jubjub.testing.Fault;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.S3ProxyServer;
import dev.jubjub.testing.Universe;
import dev.jubjub.testing.UpstreamFile;
import dev.jubjub.testing.UpstreamProject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jubjub on object storage, as several hosts would run it: real jubjub processes mirror into an
 * S3-compatible server (S3Proxy 4 on loopback, checking signatures), two serve processes read the
 * one bucket and pip installs through each; writers exclude each other through the bucket's lock.
 */
final class S3MirrorTest {
  /** A name no earlier run or user has made a local directory of, so the local-disk check means something. */
  private static final String BUCKET = "mirror-" + Long.toHexString(System.nanoTime());
  /** The README's exit code for "another process holds the mirror lock". */
  private static final int LOCKED = 3;
  /** Long enough that a writer started right after the kill still finds the lock on a busy machine. */
  private static final int LOCK_TTL = 10;
  @TempDir static Path tmp;
  private static S3ProxyServer s3;

  @BeforeAll
  static void startS3() throws Exception {
    s3 = S3ProxyServer.start(tmp.resolve("s3"));
    s3.createBucket(BUCKET);
  }

  @AfterAll
  static void stopS3() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  private static Path config(Path home, FakePyPI upstream, String prefix, int lockTtl) throws IOException {
    Files.createDirectories(home);
    return Files.writeString(home.resolve("bandersnatch.conf"), """
        [mirror]
        directory = /%s/%s
        master = %s
        workers = 3
        json = true
        storage-backend = s3
        diff-file = /%s/%s/mirrored-files

        %s
        lock_ttl = %d
        """.formatted(BUCKET, prefix, upstream.baseUri().toString().replaceAll("/$", ""), BUCKET, prefix, s3.s3Section(),
            lockTtl));
  }

  private static ProcessBuilder jubjub(Path home, Path config, String... command) {
    List<String> args = new ArrayList<>(List.of(command[0], "-c", config.toString()));
    args.addAll(List.of(command).subList(1, command.length));
    return Processes.jubjub(home, args.toArray(String[]::new));
  }

  private static Processes.Result run(Path home, Path config, String... command) throws Exception {
    return Processes.run(jubjub(home, config, command), home.resolve("logs"), 300);
  }

  private static S3Storage storage(Path config) {
    MirrorConfig cfg = MirrorConfig.from(IniFile.read(config));
    return new S3Storage(S3Config.from(cfg, new ArrayList<>()));
  }

  /** A mirror process that holds the lock (the upstream stalls its downloads), once the lock is there. */
  private static Process startHolding(Path home, Path config, String name) throws Exception {
    Process p = jubjub(home, config, "mirror").redirectErrorStream(true)
        .redirectOutput(home.resolve(name + ".log").toFile()).start();
    try (S3Storage bucket = storage(config)) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!new String(bucket.stat(".lock").isPresent() ? bucket.readAllBytes(".lock") : new byte[0])
          .contains("\"pid\":" + p.pid())) {
        assertThat(p.isAlive()).as(name + " writer still running; " + Files.readString(home.resolve(name + ".log")))
            .isTrue();
        assertThat(System.nanoTime()).as(name + " writer takes the lock").isLessThan(deadline);
        Thread.sleep(100);
      }
    }
    return p;
  }

  /** A serve process on a free port, started with the config's storage. */
  private static Process serve(Path home, Path config, int port) throws Exception {
    Process p = jubjub(home, config, "serve", "--port", Integer.toString(port))
        .redirectErrorStream(true)
        .redirectOutput(home.resolve("serve-" + port + ".log").toFile())
        .start();
    StaticServer.waitForPort(port, p);
    return p;
  }

  @Test
  void mirrorsIntoABucketIncrementallyAndTwoServersOnItInstallWithPip() throws Exception {
    Universe universe = Universe.generate(31, 25);
    Path home = tmp.resolve("serving");
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Path config = config(home, fake, "mirror", 30);
      Processes.assertOk(run(home, config, "mirror"));
      assertThat(Files.exists(Path.of("/" + BUCKET))).as("nothing is written to the local disk").isFalse();
      try (S3Storage bucket = storage(config)) {
        assertThat(new String(bucket.readAllBytes("mirrored-files"))).as("the diff file is an object of the mirror")
            .contains(universe.require("jubjub-base").files().getFirst().urlPath());
      }

      int portA = Processes.freePort();
      int portB = Processes.freePort();
      Process a = serve(home, config, portA);
      Process b = serve(home, config, portB);
      try {
        MirrorCommandTest.assertPipInstallsTheChain("http://127.0.0.1:" + portA + "/simple/", home.resolve("site-a"));
        MirrorCommandTest.assertPipInstallsTheChain("http://127.0.0.1:" + portB + "/simple/", home.resolve("site-b"));
        assertFilesAreStreamedInRangesAndRedirected(home, config, portA, universe.require("jubjub-base").files().getFirst());

        // A new release, mirrored while both servers run and hold the old pages in their caches.
        universe.addRelease("jubjub-base", "1.3.0");
        Processes.Result incremental = run(home, config, "mirror");
        Processes.assertOk(incremental);
        Thread.sleep(1_100); // a server reads the change mark at most once a second

        for (int port : new int[] {portA, portB}) {
          Path target = home.resolve("site-new-" + port);
          Processes.Result install = Processes.run(Processes.pip("install", "--index-url",
              "http://127.0.0.1:" + port + "/simple/", "--target", target.toString(), "jubjub-base==1.3.0"),
              home.resolve("pip-logs"), 180);
          Processes.assertOk(install);
          assertThat(install.stdout()).contains("Successfully installed jubjub-base-1.3.0");
        }
      } finally {
        a.destroy();
        b.destroy();
        a.waitFor(20, TimeUnit.SECONDS);
        b.waitFor(20, TimeUnit.SECONDS);
      }
      Processes.assertOk(run(home, config, "verify"));
    }
  }

  /**
   * A file as curl gets it from a streaming node (whole, a range, a conditional request), and from
   * a node that answers with presigned redirects to the store.
   */
  private static void assertFilesAreStreamedInRangesAndRedirected(Path home, Path config, int port, UpstreamFile file)
      throws Exception {
    String url = "http://127.0.0.1:" + port + "/" + file.urlPath();
    Curl.Reply whole = Curl.get(home, url);
    assertThat(whole.status()).isEqualTo(200);
    assertThat(sha256(whole.body())).isEqualTo(file.sha256());
    assertThat(whole.header("etag")).isEqualTo("\"" + file.sha256() + "\"");
    Curl.Reply range = Curl.get(home, url, "-r", "10-19");
    assertThat(range.status()).isEqualTo(206);
    assertThat(range.header("content-range")).isEqualTo("bytes 10-19/" + whole.body().length());
    assertThat(range.body()).isEqualTo(whole.body().substring(10, 20));
    assertThat(Curl.get(home, url, "-H", "If-None-Match: " + whole.header("etag")).status()).isEqualTo(304);
    assertThat(Curl.get(home, url, "-r", whole.body().length() + "-").status()).isEqualTo(416);
    assertThat(Curl.get(home, "http://127.0.0.1:" + port + "/packages/no/such/file.whl").status()).isEqualTo(404);

    try (S3Storage bucket = storage(config);
        MirrorServer redirecting = new MirrorServer(new ServeOptions(bucket, "127.0.0.1", 0, false,
            Optional.empty(), Optional.empty(), Optional.empty(), true, true, Optional.empty()))) {
      redirecting.start();
      String direct = "http://127.0.0.1:" + redirecting.port() + "/" + file.urlPath();
      Curl.Reply redirect = Curl.get(home, direct);
      assertThat(redirect.status()).isEqualTo(302);
      assertThat(redirect.header("location")).startsWith(s3.endpoint().toString()).contains("X-Amz-Signature=");
      Curl.Reply followed = Curl.get(home, direct, "-L");
      assertThat(followed.status()).isEqualTo(200);
      assertThat(sha256(followed.body())).isEqualTo(file.sha256());
    }
  }

  private static String sha256(String latin1) throws Exception {
    return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)));
  }

  @Test
  void aSecondWriterIsRefusedAndAKilledWritersLockIsFreed() throws Exception {
    Universe universe = Universe.generate(32, 12);
    Path home = tmp.resolve("locking");
    try (FakePyPI fake = FakePyPI.start(universe)) {
      Path config = config(home, fake, "locked", LOCK_TTL);
      // Writers hang on their downloads, holding the lock.
      fake.injectAlways("^/packages/.*", Fault.stall(Duration.ofMinutes(5)));
      Process first = startHolding(home, config, "first");
      Processes.Result second = run(home, config, "mirror");
      assertThat(second.exitCode()).as(second.stderr()).isEqualTo(LOCKED);
      assertThat(second.stderr()).contains("lock").contains("s3://" + BUCKET + "/locked/.lock")
          .contains("pid " + first.pid());

      // SIGKILL: the process is gone from this host's process table, so its lock is taken over at once.
      first.destroyForcibly().waitFor();
      Process third = startHolding(home, config, "third");
      // SIGTERM (a service manager's stop): the lock is let go on the way out.
      third.destroy();
      assertThat(third.waitFor(20, TimeUnit.SECONDS)).isTrue();
      // A writer on another host that stopped renewing: refused until its lock expires.
      long expires = System.currentTimeMillis() + LOCK_TTL * 1000L;
      try (S3Storage bucket = storage(config)) {
        assertThat(bucket.stat(".lock")).as("let go on SIGTERM").isEmpty();
        bucket.write(".lock", ("{\"owner\": \"other\", \"host\": \"builder-7\", \"pid\": 4242, \"expires\": "
            + expires + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      fake.clearFaults();
      Processes.Result early = run(home, config, "mirror");
      assertThat(early.exitCode()).as(early.stderr()).isEqualTo(LOCKED);
      assertThat(early.stderr()).contains("host builder-7 (pid 4242)");
      Thread.sleep(Math.max(0, expires - System.currentTimeMillis()) + 500);
      Processes.Result next = run(home, config, "mirror");
      Processes.assertOk(next);
      assertThat(next.stderr() + next.stdout()).contains("taking over the mirror lock");
      UpstreamProject gone = universe.projects().get(2);
      UpstreamFile file = gone.files().getFirst();
      try (S3Storage bucket = storage(config)) {
        assertThat(bucket.stat(".lock")).as("released at the end of the run").isEmpty();
        assertThat(new String(bucket.readAllBytes("status")).strip()).isEqualTo(Long.toString(universe.serial()));
        assertThat(bucket.stat("web/" + file.urlPath()).orElseThrow().sha256()).isEqualTo(file.sha256());
      }

      // delete and sync, by name, on the bucket.
      Processes.assertOk(run(home, config, "delete", gone.name()));
      try (S3Storage bucket = storage(config)) {
        assertThat(bucket.stat("web/simple/" + gone.normalizedName() + "/index.html")).isEmpty();
        assertThat(bucket.stat("web/" + file.urlPath())).isEmpty();
      }
      Processes.assertOk(run(home, config, "sync", gone.name()));
      try (S3Storage bucket = storage(config)) {
        assertThat(bucket.stat("web/simple/" + gone.normalizedName() + "/index.html")).isPresent();
        assertThat(bucket.stat("web/" + file.urlPath()).orElseThrow().sha256()).isEqualTo(file.sha256());
      }
    }
  }
}
