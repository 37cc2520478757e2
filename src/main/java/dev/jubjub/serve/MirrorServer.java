package dev.jubjub.serve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.time.Clock;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.CustomRequestLog;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.RequestLogWriter;
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
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(options.bind());
    connector.setPort(options.port());
    server.addConnector(connector);

    Metrics metrics = new Metrics();
    downloads = new DownloadCounter(options.statsDirectory(), Clock.systemUTC());
    Handler files = null;
    Optional<Path> local = options.storage().localRoot();
    if (local.isPresent()) {
      // A local tree: Jetty's static-file handler sends files from the kernel's cache (sendfile).
      ResourceHandler resources = new ResourceHandler();
      resources.setDirAllowed(false);
      resources.setEtags(true);
      resources.setAcceptRanges(true);
      resources.setUseFileMapping(false);
      resources.setWelcomeFiles();
      resources.getMimeTypes();
      ContextHandler fileContext = new ContextHandler(resources, "/");
      // The real path: Jetty treats any difference from the canonical path as an alias and refuses
      // it, so a mirror directory reached through a symlink would answer 404 for every file.
      var base = ResourceFactory.of(server).newResource(local.get().resolve("web").toRealPath());
      fileContext.setBaseResource(base);
      resources.setBaseResource(base);
      files = fileContext;
    }
    GzipHandler gzip = new GzipHandler(new IndexHandler(files, options, metrics, downloads));
    gzip.setIncludedPaths("/simple/*", "/pypi/*");
    gzip.setMinGzipSize(256);
    GracefulHandler graceful = new GracefulHandler(new MetricsHandler(gzip, metrics));
    server.setHandler(graceful);
    server.setStopTimeout(10_000);
    options.accessLog().ifPresent(path -> {
      try {
        Files.createDirectories(path.toAbsolutePath().getParent());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      RequestLogWriter writer = new RequestLogWriter(path.toString());
      writer.setAppend(true);
      server.setRequestLog(new CustomRequestLog(writer, CustomRequestLog.EXTENDED_NCSA_FORMAT));
    });
    saver = Thread.ofVirtual().unstarted(this::saveCountsPeriodically);
  }

  /** Starts serving; SIGTERM or SIGINT stops gracefully and saves the download counts. */
  public void start() throws Exception {
    server.start();
    saver.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        close();
      } catch (Exception e) {
        log.warn("Unclean stop: {}", e.toString());
      }
    }, "jubjub-serve-stop"));
    log.info("Serving on http://{}:{}/simple/", connector.getHost(), connector.getLocalPort());
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
    server.stop();
    downloads.save();
  }
}
