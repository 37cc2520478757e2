package dev.jubjub.cli;

import dev.jubjub.config.SearchConfig;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.pypi.Sha256;
import dev.jubjub.serve.MirrorServer;
import dev.jubjub.serve.ServeOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jubjub selftest}: mirrors a generated index over loopback into a temporary directory
 * (full run, no-change run, verify), serves the tree and installs nothing but reads it back as a
 * client would. It needs no network and no configuration; the launcher also runs it once per
 * build to train the JVM (an AOT cache on JDK 25 and later) on the code a real run uses.
 */
@Command(
    name = "selftest",
    mixinStandardHelpOptions = true,
    description = "Mirror, verify and serve a small generated index on 127.0.0.1, and check the result.")
final class SelftestCommand implements Callable<Integer> {
  private static final Pattern FILE_LINK = Pattern.compile("href=\"([^\"#]+)#sha256=([0-9a-f]{64})\"");

  @Option(names = "--projects", paramLabel = "N", description = "projects in the generated index (default: 30)")
  int projects = 30;

  @Option(names = "--no-search", description = "skip building the search index and the search and web UI checks"
      + " (the launcher trains the JVM of batch commands so: search's classes would only add to their memory)")
  boolean noSearch;

  @Option(names = "--no-serve", description = "skip serving the tree and reading it back (the launcher trains the"
      + " JVM of batch commands so: serve does not use that training, and its classes would only add to their memory)")
  boolean noServe;

  @Option(names = "--no-tls", description = "serve the index over plain http (the launcher trains the JVM of batch"
      + " commands against plain-http upstreams so: the TLS classes would only add to their memory)")
  boolean noTls;

  @Option(names = "--keep", paramLabel = "DIR", description = "mirror into DIR and keep it (default: a temporary directory, removed after)")
  Path keep;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    if (keep != null && Files.exists(keep) && !isEmptyDirectory(keep)) {
      // It writes a bandersnatch.conf and a mirror there: never over someone's own.
      System.err.println("jubjub: selftest --keep wants a new or empty directory; " + keep + " is not");
      return ExitCodes.USAGE;
    }
    // Absolute: the kept configuration names its files, and is read from anywhere.
    Path dir = keep != null ? Files.createDirectories(keep).toAbsolutePath() : Files.createTempDirectory("jubjub-selftest-");
    Thread cleanup = new Thread(() -> {
      // Stopped by a signal: the mirror's workers may still be writing, so look again.
      for (int pass = 0; pass < 5 && Files.exists(dir); pass++) {
        try {
          delete(dir);
        } catch (IOException e) {
          // a file appeared or went meanwhile: the next pass takes it
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    if (keep == null) {
      Runtime.getRuntime().addShutdownHook(cleanup); // a SIGTERM leaves no temporary mirror behind
    }
    Optional<Tls> tls = noTls ? Optional.empty() : tls(dir.resolve("tls"));
    try (SelftestIndex index = SelftestIndex.start(Math.max(1, projects), tls.map(Tls::context))) {
      Path config = dir.resolve("bandersnatch.conf");
      Files.writeString(config, "[mirror]\ndirectory = " + dir.resolve("mirror") + "\nmaster = " + index.base()
          + "\nworkers = 3\njson = true\n" + tls.map(t -> "ca-bundle = " + t.pem() + "\n").orElse("")
          + "\n[serve]\naccess-log = off\n");
      step("mirror", "mirror", "-c", config.toString());
      step("no-change mirror", "mirror", "-c", config.toString());
      step("verify", "verify", "-c", config.toString());
      if (!noSearch) {
        step("index", "index", "-c", config.toString());
      }
      String indexed = noSearch ? "" : ", indexed";
      String served = noServe ? indexed : (noSearch ? ", " : indexed + " and ") + "served ("
          + serve(dir.resolve("mirror"), index, !noSearch) + " requests)";
      System.out.printf("selftest: OK: %d projects, %d files mirrored over %s, verified%s in %.1f s%n",
          index.projects().size(), index.files(), index.base().getScheme(), served, (System.nanoTime() - start) / 1e9);
      return ExitCodes.OK;
    } catch (SelftestFailure e) {
      System.out.println("selftest: FAILED: " + e.getMessage());
      return ExitCodes.SYNC_ERRORS;
    } finally {
      if (keep == null) {
        delete(dir);
        Runtime.getRuntime().removeShutdownHook(cleanup);
      }
    }
  }

  /** The index's server side, and the certificate its clients trust. */
  private record Tls(SSLContext context, Path pem) {}

  /**
   * The mirror reaches the index over https, as it reaches PyPI, so the TLS client is checked in
   * this runtime and its code is in the launcher's training. Plain http, said, where the runtime's
   * keytool is missing or gives no usable certificate.
   */
  private static Optional<Tls> tls(Path dir) throws InterruptedException {
    try {
      SelfSignedCertificate certificate = SelfSignedCertificate.create(dir);
      return Optional.of(new Tls(certificate.serverContext(), certificate.pem()));
    } catch (IOException | GeneralSecurityException e) {
      System.err.println("jubjub: selftest: no usable certificate (" + e.getMessage()
          + "); the index is served over plain http, and TLS is not checked");
      return Optional.empty();
    }
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /** Runs a command in this JVM; its summary is shown only when it fails. */
  private static void step(String what, String... args) throws SelftestFailure {
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int code;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      code = Main.run(args);
    } finally {
      System.setOut(out);
    }
    if (code != ExitCodes.OK) {
      out.print(captured.toString(StandardCharsets.UTF_8));
      throw new SelftestFailure(what + " exited with " + code);
    }
  }

  /**
   * Serves the tree and reads every project as pip would: root index, page, each file by its hash;
   * with {@code search}, first finds one by search (the page, JSON, pip's XML-RPC) and opens its web
   * UI page.
   */
  private static int serve(Path mirror, SelftestIndex index, boolean search) throws Exception {
    int requests = 0;
    try (var storage = dev.jubjub.store.FileSystemStorage.forReading(mirror);
        MirrorServer server = new MirrorServer(ServeOptions.onLoopback(storage, false).withSearchIndex(
            search ? Optional.of(mirror.resolve(SearchConfig.DEFAULT_DIRECTORY)) : Optional.empty()))) {
      server.start();
      URI base = URI.create("http://127.0.0.1:" + server.port());
      if (search) {
        requests += searchAndBrowse(base, index.projects().getLast());
      }
      String root = text(get(base.resolve("/simple/"), "text/html"));
      requests++;
      for (String name : index.projects()) {
        String normalized = ProjectName.normalize(name);
        if (!root.contains(">" + normalized + "<")) {
          throw new SelftestFailure("the root index does not list " + normalized);
        }
        URI page = base.resolve("/simple/" + normalized + "/");
        String html = text(get(page, "text/html"));
        get(page, "application/vnd.pypi.simple.v1+json");
        get(base.resolve("/pypi/" + normalized + "/json"), "application/json");
        requests += 3;
        Matcher link = FILE_LINK.matcher(html);
        while (link.find()) {
          URI file = page.resolve(link.group(1));
          if (!Sha256.of(get(file, "*/*")).equals(link.group(2))) {
            throw new SelftestFailure(file + " does not have the sha256 its page gives");
          }
          requests++;
        }
      }
    }
    return requests;
  }

  private static int searchAndBrowse(URI base, String name) throws IOException, SelftestFailure {
    String normalized = ProjectName.normalize(name);
    String query = URLEncoder.encode(name, StandardCharsets.UTF_8);
    expect(text(get(base.resolve("/search?q=" + query), "text/html")), "/project/" + normalized + "/", "/search");
    expect(text(get(base.resolve("/search?q=" + query + "&format=json"), "application/json")), "\"" + name + "\"",
        "/search as JSON");
    expect(text(get(base.resolve("/project/" + normalized + "/"), "text/html")), name, "the project's page");
    get(base.resolve("/"), "text/html");
    String call = "<?xml version=\"1.0\"?><methodCall><methodName>search</methodName><params><param><value><struct>"
        + "<member><name>name</name><value><string>" + name + "</string></value></member></struct></value></param>"
        + "<param><value><string>or</string></value></param></params></methodCall>";
    HttpURLConnection c = (HttpURLConnection) base.resolve("/pypi").toURL().openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Content-Type", "text/xml");
    try (var out = c.getOutputStream()) {
      out.write(call.getBytes(StandardCharsets.UTF_8));
    }
    try (InputStream in = c.getInputStream()) {
      expect(text(in.readAllBytes()), "<string>" + name + "</string>", "XML-RPC search (pip search)");
    } finally {
      c.disconnect();
    }
    return 5;
  }

  private static void expect(String body, String wanted, String what) throws SelftestFailure {
    if (!body.contains(wanted)) {
      throw new SelftestFailure(what + " does not show " + wanted);
    }
  }

  private static byte[] get(URI uri, String accept) throws IOException, SelftestFailure {
    HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
    c.setRequestProperty("Accept", accept);
    if (c.getResponseCode() != 200) {
      throw new SelftestFailure(uri + " answered " + c.getResponseCode());
    }
    try (InputStream in = c.getInputStream()) {
      return in.readAllBytes();
    } finally {
      c.disconnect(); // no idle connection for the server's graceful stop to wait out
    }
  }

  private static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** A check of the selftest that did not hold. */
  private static final class SelftestFailure extends Exception {
    SelftestFailure(String message) {
      super(message);
    }
  }
}
