package dev.jubjub.serve;

import dev.jubjub.store.MirrorLayout;
import dev.jubjub.store.Storage;
import java.io.IOException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Holds the serving handlers back until a sync has written the root index: a server may be set up
 * before the first sync, on a directory that is empty or not there yet. Until then every request
 * gets a 503 that says so, and the root index is looked for at most once a second; once it is
 * there, the handlers are built (they need the tree's real paths) and every request goes to them.
 */
final class FirstSync extends Handler.Abstract {
  static final String NOT_YET = "this mirror has not finished its first sync yet";
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(FirstSync.class);
  private static final long RECHECK_NANOS = PageCache.RECHECK_NANOS;

  /** Builds the handlers that serve the tree, once it is there. */
  interface Serving {
    Handler build() throws IOException;
  }

  private final Storage storage;
  private final Serving serving;
  private final Runnable onReady;
  private volatile boolean ready;
  /**
   * The serving handlers once built. Held and called here, not set as a wrapped handler: Jetty
   * refuses to add a blocking handler under a running server that is non-blocking at its top
   * ({@link Dispatch}), which runs everything below it on the pool.
   */
  private volatile Handler served;
  private long checkedAt = System.nanoTime() - 10 * RECHECK_NANOS;

  /** @param onReady told once, when the tree is there and served */
  FirstSync(Storage storage, Serving serving, Runnable onReady) {
    this.storage = storage;
    this.serving = serving;
    this.onReady = onReady;
  }

  /**
   * Whether the tree is served; asks the storage at most once a second until it is.
   *
   * @throws IOException when the storage cannot be asked
   */
  boolean ready() throws IOException {
    if (ready) {
      return true;
    }
    synchronized (this) {
      if (ready || System.nanoTime() - checkedAt < RECHECK_NANOS) {
        return ready;
      }
      checkedAt = System.nanoTime();
      if (storage.stat(MirrorLayout.SIMPLE + "/index.html").isEmpty()
          && storage.stat(MirrorLayout.SIMPLE + "/index.v1_json").isEmpty()) {
        return false;
      }
      if (!isRunning()) {
        return false; // stopping: nothing would stop handlers started now
      }
      Handler built = serving.build();
      built.setServer(getServer());
      if (!built.isStarted()) {
        // Jetty starts a handler added to a container only while that is starting, not once it runs.
        try {
          built.start();
        } catch (Exception e) {
          throw new IOException("cannot start serving " + storage.describe(MirrorLayout.WEB), e);
        }
      }
      addBean(built, true); // started: stopped with this handler
      served = built;
      ready = true;
      onReady.run();
      log.info("{} holds a mirror now: serving it", storage.describe(MirrorLayout.WEB));
      return true;
    }
  }

  @Override
  public InvocationType getInvocationType() {
    return InvocationType.BLOCKING; // the check reads the storage
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    boolean serve;
    try {
      serve = ready();
    } catch (IOException e) {
      return IndexHandler.storageFailed(request, response, callback, e);
    }
    if (serve) {
      return served.handle(request, response, callback);
    }
    response.getHeaders().put(HttpHeader.RETRY_AFTER, "60");
    if (Request.getPathInContext(request).startsWith("/pypi/")) {
      Pages.jsonError(response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, NOT_YET);
    } else {
      Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, NOT_YET);
    }
    return true;
  }
}
