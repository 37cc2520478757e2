package dev.jubjub.serve;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Clock;
import dev.jubjub.store.MirrorLayout;
import dev.jubjub.store.Storage;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.server.handler.gzip.GzipHandler;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code jubjub serve} HTTP server: Jetty with the handler tree built here. */
public final class MirrorServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MirrorServer.class);
  private final Server server;
  private final ServerConnector connector;
  private final DownloadCounter downloads;
  private final Thread saver;
  private final Storage storage;
  private final FirstSync firstSync;
  private final TreeCensus census;
  private final Freshness freshness;
  private final Optional<AccessLog> accessLog;
  private final Dispatch dispatch;
  /** Built with the serving handlers, once the tree is there. */
  private CachedPages cachedPages;
  private boolean closed;

  public MirrorServer(ServeOptions options) throws IOException {
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("jubjub-serve");
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    // Ambiguous URIs (%2e%2e, %2f, NUL) reach the router instead of a bare 400: the router's own
    // check of the decoded path answers 404 for anything that would leave web/, as PEP 503
    // clients and scanners expect of a missing resource.
    http.setUriCompliance(UriCompliance.LEGACY);
    // A selector per core (at most 8: each holds a pool thread), as nginx has a worker per core;
    // Jetty's default on two cores is one.
    int selectors = Math.min(8, Runtime.getRuntime().availableProcessors());
    connector = new ServerConnector(server, -1, selectors, new HttpConnectionFactory(http));
    connector.setHost(options.bind());
    connector.setPort(options.port());
    server.addConnector(connector);

    Metrics metrics = new Metrics();
    downloads = new DownloadCounter(options.statsDirectory(), Clock.systemUTC());
    storage = options.storage();
    freshness = new Freshness(storage);
    census = new TreeCensus(storage, freshness, TreeCensus.INTERVAL);
    firstSync = new FirstSync(storage, () -> serving(options), this::servingNow);
    dispatch = new Dispatch(new StatusHandler(firstSync, metrics, freshness, census, options.maxSyncAge()), metrics);
    GracefulHandler graceful = new GracefulHandler(new MetricsHandler(dispatch, metrics));
    server.setHandler(graceful);
    server.setErrorHandler(new ErrorPages());
    server.setStopTimeout(10_000);
    accessLog = options.accessLog().flatMap(MirrorServer::openAccessLog);
    accessLog.ifPresent(writer -> server.setRequestLog(new CustomRequestLog(writer, CustomRequestLog.EXTENDED_NCSA_FORMAT)));
    saver = Thread.ofVirtual().unstarted(this::saveCountsPeriodically);
  }

  /**
   * The handlers that serve the tree: built once it is there, since they hold its real paths (a
   * local tree) and its pages.
   */
  private Handler serving(ServeOptions options) throws IOException {
    Handler files = null;
    Optional<Path> local = storage.localRoot();
    if (local.isPresent()) {
      // A local tree: Jetty's static-file handler sends files from the kernel's cache (sendfile).
      ResourceHandler resources = new ResourceHandler();
      resources.setDirAllowed(false);
      resources.setEtags(true);
      resources.setAcceptRanges(true);
      resources.setUseFileMapping(false);
      resources.setWelcomeFiles();
      ContextHandler fileContext = new ContextHandler(resources, "/");
      fileContext.getMimeTypes().addMimeMapping("provenance", StorageFiles.contentType(".provenance"));
      // The real path: Jetty treats any difference from the canonical path as an alias and refuses
      // it, so a mirror directory reached through a symlink would answer 404 for every file.
      var base = ResourceFactory.of(server).newResource(local.get().resolve("web").toRealPath());
      fileContext.setBaseResource(base);
      resources.setBaseResource(base);
      files = fileContext;
    }
    PageCache pages = new PageCache(256L * 1024 * 1024,
        local.isPresent() ? PageCache.local(local.get()) : PageCache.marked(storage));
    IndexHandler index = new IndexHandler(files, options, downloads, pages);
    cachedPages = new CachedPages(pages, new MirrorLayout(options.hashIndex()));
    GzipHandler gzip = new GzipHandler(
        new UiHandler(index, pages, freshness, census, new DownloadHistory(downloads), options.jsonApi(),
            options.hashIndex()));
    // Simple pages are gzipped once, when read (Pages.Document), not here for every request.
    gzip.setIncludedPaths("/pypi/*", "/project/*");
    gzip.setMinGzipSize(Pages.MIN_GZIP_SIZE);
    return gzip;
  }

  /** The tree is there and its handlers run: cached pages can be answered before the chain. */
  private void servingNow() {
    freshness.forget();
    dispatch.answerFromMemory(cachedPages);
  }

  /**
   * The access log, or empty (one warning) when it cannot be opened: a read-only mirror directory
   * holds the default one, and serving matters more than its log, as with the download counts.
   */
  private static Optional<AccessLog> openAccessLog(Path path) {
    try {
      return Optional.of(new AccessLog(path));
    } catch (IOException e) {
      log.warn("cannot open the access log {} ({}): requests are not logged", path, e.toString());
      return Optional.empty();
    }
  }

  /**
   * Starts serving; SIGTERM or SIGINT stops gracefully and saves the download counts. A tree no
   * sync has made yet is waited for (every request but health and metrics answers 503 until then).
   */
  public void start() throws Exception {
    server.start();
    saver.start();
    // At once: a SIGTERM from here on must save the counts of requests already answered.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        close();
      } catch (Exception e) {
        log.warn("Unclean stop: {}", e.toString());
      }
    }, "jubjub-serve-stop"));
    census.start();
    try {
      if (!firstSync.ready()) {
        log.warn("{} holds no mirror yet (no web/simple/index.html): answering 503 until a sync has made it",
            storage.describe(""));
      }
    } catch (IOException e) {
      log.warn("cannot read the mirror at {} yet: {}", storage.describe(""), e.getMessage());
    }
    log.info("Serving on http://{}:{}/simple/", connector.getHost(), connector.getLocalPort());
  }

  /**
   * Closes the access log and opens it again by its path, after logrotate (or anyone) has moved it
   * away; a no-op without one.
   */
  public void reopenAccessLog() {
    accessLog.ifPresent(AccessLog::reopen);
  }

  public int port() {
    return connector.getLocalPort();
  }

  public void join() throws InterruptedException {
    server.join();
  }

  private void saveCountsPeriodically() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        Thread.sleep(30_000);
        downloads.save();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    saver.interrupt();
    census.close();
    server.stop();
    downloads.save();
    if (accessLog.isPresent()) {
      accessLog.get().close();
    }
  }
}
