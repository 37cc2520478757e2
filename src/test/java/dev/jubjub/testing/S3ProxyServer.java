package dev.jubjub.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server for tests: S3Proxy ({@code target/s3proxy/s3proxy.jar}, copied there by
 * the build) as its own process on a free loopback port, keeping objects in a directory, checking
 * AWS signatures (v2 and v4) against its own random key pair. Its own process because the jar bundles
 * Jetty and Jackson versions that would clash with ours on one class path.
 */
public final class S3ProxyServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(S3ProxyServer.class);
  static final Path JAR = Path.of("target", "s3proxy", "s3proxy.jar");
  /** A class-data archive of S3Proxy's classes, made by its first run: later starts load faster. */
  private static final Path CLASS_ARCHIVE = Path.of("target", "s3proxy", "s3proxy.jsa");
  private static final String REGION = "us-east-1";

  private final Process process;
  private final URI endpoint;
  private final String accessKey;
  private final String secretKey;
  private final Path logFile;
  private final boolean writesArchive;

  private S3ProxyServer(Process process, URI endpoint, String accessKey, String secretKey, Path logFile,
      boolean writesArchive) {
    this.process = process;
    this.writesArchive = writesArchive;
    this.endpoint = endpoint;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
    this.logFile = logFile;
  }

  /** Starts a server keeping its objects and its log under {@code workDir}. */
  public static S3ProxyServer start(Path workDir) throws IOException, InterruptedException {
    if (!Files.isRegularFile(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: the build copies it in"
          + " process-test-classes (run the tests through Maven once)");
    }
    Path data = Files.createDirectories(workDir.resolve("s3proxy-data"));
    String accessKey = "jubjub-test";
    byte[] secret = new byte[20];
    new SecureRandom().nextBytes(secret);
    String secretKey = "secret-" + HexFormat.of().formatHex(secret);
    IOException last = null;
    long start = System.nanoTime();
    for (int attempt = 1; attempt <= 5; attempt++) {
      int port = freePort();
      Path properties = workDir.resolve("s3proxy-" + port + ".properties");
      Files.writeString(properties, String.join("\n",
          "s3proxy.endpoint=http://127.0.0.1:" + port,
          "s3proxy.authorization=aws-v2-or-v4",
          "s3proxy.identity=" + accessKey,
          "s3proxy.credential=" + secretKey,
          "s3proxy.jetty.max-threads=32",
          "jclouds.provider=filesystem",
          "jclouds.filesystem.basedir=" + data.toAbsolutePath(),
          // The filesystem provider wants these as well; the front end's pair is what clients use.
          "jclouds.identity=" + accessKey,
          "jclouds.credential=" + secretKey,
          ""));
      Path logFile = workDir.resolve("s3proxy-" + port + ".log");
      boolean writesArchive = !Files.isRegularFile(CLASS_ARCHIVE);
      Process p = new ProcessBuilder(command(properties))
          .redirectErrorStream(true)
          .redirectOutput(logFile.toFile())
          .start();
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      S3ProxyServer server = new S3ProxyServer(p, endpoint, accessKey, secretKey, logFile, writesArchive);
      try {
        server.awaitReady();
        log.info("S3Proxy answers on {} after {} ms", endpoint, (System.nanoTime() - start) / 1_000_000);
        return server;
      } catch (IOException e) {
        server.close();
        String tail = tail(logFile);
        if (!tail.contains("Address already in use")) {
          throw new IOException(e.getMessage() + "; S3Proxy's log ends:\n" + tail, e);
        }
        last = e; // another process took the port between our probe and S3Proxy's bind
      }
    }
    throw last;
  }

  private static List<String> command(Path properties) {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    // A short-lived test server: a small heap, the quickest JIT to start and the archive above.
    command.addAll(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + CLASS_ARCHIVE.toAbsolutePath(),
        "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    command.addAll(List.of("-jar", JAR.toAbsolutePath().toString(), "--properties", properties.toString()));
    return command;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Any HTTP answer (an unsigned request is refused with 403) means it serves. */
  private void awaitReady() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("S3Proxy exited with status " + process.exitValue() + " while starting");
      }
      try {
        http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException notYet) {
        Thread.sleep(25);
      }
    }
    throw new IOException("S3Proxy did not answer on " + endpoint + " within 60 s");
  }

  public URI endpoint() {
    return endpoint;
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  public Path logFile() {
    return logFile;
  }

  /** A client of this server, path-style as S3-compatible servers on an IP address need. */
  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  public void createBucket(String bucket) {
    try (S3Client s3 = client()) {
      s3.createBucket(b -> b.bucket(bucket));
    }
  }

  /** The {@code [s3]} section of a jubjub config that uses this server. */
  public String s3Section() {
    return "[s3]\n"
        + "region_name = " + REGION + "\n"
        + "aws_access_key_id = " + accessKey + "\n"
        + "aws_secret_access_key = " + secretKey + "\n"
        + "endpoint_url = " + endpoint + "\n";
  }

  /**
   * Kills the server: its objects are throwaway. Only a run that is to write the class archive
   * gets SIGTERM, as the JVM writes it at a normal exit, which waits for Jetty to close the clients'
   * idle keep-alive connections (2 s).
   */
  @Override
  public void close() {
    List<ProcessHandle> children = process.descendants().toList();
    if (writesArchive) {
      process.destroy();
    } else {
      process.destroyForcibly();
    }
    children.forEach(ProcessHandle::destroyForcibly);
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        log.warn("S3Proxy did not stop within 20 s of SIGTERM; killing it");
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String tail(Path logFile) {
    try {
      List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(its log " + logFile + " cannot be read: " + e.getMessage() + ")";
    }
  }

  @Override
  public String toString() {
    return "S3ProxyServer[" + endpoint + "]"; // never the secret
  }
}
