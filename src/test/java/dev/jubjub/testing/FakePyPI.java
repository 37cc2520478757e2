package dev.jubjub.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A fake pypi.org on 127.0.0.1 over a {@link Universe}: {@code /simple/} (PEP 503/691),
 * {@code /pypi/<p>/json}, XML-RPC at {@code POST /pypi}, files and PEP 658 metadata under
 * {@code /packages/}. Several servers may share one universe (e.g. a files-only download mirror).
 * Faults, a stale-CDN simulation and latency are set at run time; every request is logged.
 */
public final class FakePyPI implements AutoCloseable {
  static {
    // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's
    // delayed ACK on kept-alive connections: ~20 ms per request, which would hide jubjub's speed.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final Universe universe;
  private final boolean filesOnly;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final Router router = new Router(this);
  private final URI baseUri;
  private final List<FaultRule> faults = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<LoggedRequest> log = new ConcurrentLinkedQueue<>();
  private final Map<String, UpstreamProject> stale = new ConcurrentHashMap<>();
  private volatile String filesBase;
  private volatile boolean redirectJson = true;
  private volatile boolean gzip = true;
  private volatile boolean coreMetadataInJson;
  private volatile Duration latency = Duration.ZERO;

  private FakePyPI(Universe universe, boolean filesOnly, int port) throws IOException {
    this(universe, filesOnly, port, null);
  }

  /** @param tls serve https with this context, or plain http when null */
  private FakePyPI(Universe universe, boolean filesOnly, int port, javax.net.ssl.SSLContext tls) throws IOException {
    this.universe = universe;
    this.filesOnly = filesOnly;
    InetSocketAddress address = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port);
    if (tls == null) {
      this.server = HttpServer.create(address, 1024);
    } else {
      com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(address, 1024);
      https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
      this.server = https;
    }
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    this.baseUri = URI.create((tls == null ? "http" : "https") + "://127.0.0.1:" + server.getAddress().getPort() + "/");
    this.filesBase = baseUri.toString();
  }

  /** A full index over {@code universe} on an ephemeral loopback port. */
  public static FakePyPI start(Universe universe) {
    return start(universe, false, 0);
  }

  /** On a given port (0 for an ephemeral one), for manual runs and benchmarks. */
  public static FakePyPI start(Universe universe, int port) {
    return start(universe, false, port);
  }

  /** Over https with {@code tls}'s key and certificate, as PyPI is served. */
  public static FakePyPI startTls(Universe universe, javax.net.ssl.SSLContext tls) {
    try {
      return new FakePyPI(universe, false, 0, tls);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake PyPI", e);
    }
  }

  /** Serves only {@code /packages/…} (everything else is 404): a {@code download-mirror}. */
  public static FakePyPI startFilesOnly(Universe universe) {
    return start(universe, true, 0);
  }

  private static FakePyPI start(Universe universe, boolean filesOnly, int port) {
    try {
      return new FakePyPI(universe, filesOnly, port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the fake PyPI", e);
    }
  }

  /** {@code http://127.0.0.1:PORT/}. */
  public URI baseUri() {
    return baseUri;
  }

  public URI simpleUri() {
    return baseUri.resolve("simple/");
  }

  public Universe universe() {
    return universe;
  }

  /** Links files (JSON API and simple pages) to another host, like files.pythonhosted.org. */
  public void linkFilesTo(URI filesBaseUri) {
    String base = filesBaseUri.toString();
    this.filesBase = base.endsWith("/") ? base : base + "/";
  }

  /** Whether {@code /pypi/<other spelling>/json} redirects (301) to the display name, as PyPI does. */
  public void redirectJsonToDisplayName(boolean redirect) {
    this.redirectJson = redirect;
  }

  /**
   * Whether the listing, JSON API and simple pages are gzipped for a request that accepts gzip,
   * as PyPI's CDN does (on by default). Files and metadata files never are.
   */
  public void gzip(boolean enabled) {
    this.gzip = enabled;
  }

  /**
   * Whether the JSON API gives each file its {@code core-metadata} (hashes or false), as pypi.org
   * does since June 2026; off by default, as older upstreams (and pypi.org before) answer.
   */
  public void coreMetadataInJson(boolean enabled) {
    this.coreMetadataInJson = enabled;
  }

  boolean coreMetadataInJson() {
    return coreMetadataInJson;
  }

  /** Delays every request by this much, to model a real network round trip. */
  public void latency(Duration perRequest) {
    this.latency = perRequest;
  }

  /**
   * Freezes the JSON API of these projects (all when none are named) as they are now: later
   * requests without a query string get this older document and serial, like from a CDN.
   */
  public void serveStaleJson(String... projects) {
    if (projects.length == 0) {
      universe.projects().forEach(p -> stale.put(p.normalizedName(), p));
    }
    for (String name : projects) {
      stale.put(Names.normalize(name), universe.require(name));
    }
  }

  public void clearStaleJson() {
    stale.clear();
  }

  /** For the next {@code times} requests whose path matches {@code pathRegex} (found anywhere). */
  public FaultRule inject(String pathRegex, int times, Fault fault) {
    return inject(Pattern.compile(pathRegex).asPredicate(), times, fault);
  }

  public FaultRule injectAlways(String pathRegex, Fault fault) {
    return inject(Pattern.compile(pathRegex).asPredicate(), FaultRule.ALWAYS, fault);
  }

  /** The first rule that matches and has uses left applies; {@code times} -1 means always. */
  public FaultRule inject(Predicate<String> path, int times, Fault fault) {
    var rule = new FaultRule(path, times, fault);
    faults.add(rule);
    return rule;
  }

  public void clearFaults() {
    faults.clear();
  }

  /** Requests whose path starts with {@code pathPrefix}, any method. */
  public int requests(String pathPrefix) {
    return (int) log.stream().filter(r -> r.path().startsWith(pathPrefix)).count();
  }

  public int requests(String method, String pathPrefix) {
    return (int) log.stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).count();
  }

  /** Paths (with {@code ?query} when present) in arrival order. */
  public List<String> requestedPaths() {
    return log.stream().map(LoggedRequest::pathAndQuery).toList();
  }

  public List<LoggedRequest> requestLog() {
    return List.copyOf(log);
  }

  public void resetRequests() {
    log.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow(); // interrupts stalled handlers
  }

  boolean filesOnly() {
    return filesOnly;
  }

  String filesBase() {
    return filesBase;
  }

  boolean redirectsJsonToDisplayName() {
    return redirectJson;
  }

  Optional<UpstreamProject> staleSnapshot(String normalizedName) {
    return Optional.ofNullable(stale.get(normalizedName));
  }

  private boolean gzips(HttpExchange exchange, String path, Response response) {
    String type = response.contentType();
    return gzip
        && response.status() == 200
        && !path.startsWith("/packages/")
        && (type.contains("json") || type.contains("html"))
        && acceptsGzip(exchange.getRequestHeaders().getFirst("Accept-Encoding"));
  }

  /** {@code gzip} listed in Accept-Encoding without {@code q=0}. */
  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String coding : acceptEncoding.split(",")) {
      String[] parts = coding.trim().split(";");
      if (parts[0].trim().equalsIgnoreCase("gzip")) {
        return parts.length == 1 || !parts[1].trim().matches("q=0(\\.0*)?");
      }
    }
    return false;
  }

  private void handle(HttpExchange exchange) {
    try {
      URI uri = exchange.getRequestURI();
      String method = exchange.getRequestMethod();
      log.add(new LoggedRequest(method, uri.getPath(), uri.getRawQuery(),
          exchange.getRequestHeaders().getFirst("Accept-Encoding")));
      byte[] body = exchange.getRequestBody().readAllBytes();
      Fault fault = faults.stream().filter(r -> r.claim(uri.getPath())).findFirst().map(FaultRule::fault).orElse(null);
      if (!latency.isZero()) {
        Thread.sleep(latency);
      }
      Response response;
      try {
        var accept = exchange.getRequestHeaders().getFirst("Accept");
        response = router.route(new Router.Request(method, uri.getPath(), uri.getRawQuery(), accept, body));
      } catch (RuntimeException e) { // a bug in the fake: make it visible to the test
        response = Response.text(500, "fake PyPI failed: " + e);
      }
      Responder.send(exchange, response, fault, gzips(exchange, uri.getPath(), response));
    } catch (IOException e) {
      // The client went away or a fault cut the connection: nobody is left to answer.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // shutting down
    } finally {
      exchange.close();
    }
  }
}
