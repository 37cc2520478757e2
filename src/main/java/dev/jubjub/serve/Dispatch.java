package dev.jubjub.serve;

import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers what memory holds on the thread that read the request, and hands everything else to the
 * pool. The handlers below read the storage (an object store, a disk), render UI pages and wait
 * for search slots, so they are blocking, and Jetty moved every request off its selector thread
 * for them; a cached simple page, which is most of what pip asks for, then paid for two thread
 * hand-offs and a selector wake-up more than its own answer. Declared non-blocking, this handler
 * lets Jetty call it on the selector thread, which it must never hold up: the fast path does no
 * I/O but the response's own non-blocking write (the access log queues its line).
 */
final class Dispatch extends Handler.Wrapper {
  /** Answers from memory, or returns false having touched nothing; must never block. */
  interface FromMemory {
    boolean answer(Request request, Response response, Callback callback);
  }

  private final Executor pool;
  private final Metrics metrics;
  private volatile FromMemory fromMemory;

  Dispatch(Handler blocking, Executor pool, Metrics metrics) {
    super(blocking);
    this.pool = pool;
    this.metrics = metrics;
  }

  /** Set once the handlers that serve the tree exist: until then every request goes to the pool. */
  void answerFromMemory(FromMemory answer) {
    this.fromMemory = answer;
  }

  @Override
  public InvocationType getInvocationType() {
    return InvocationType.NON_BLOCKING;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    FromMemory answer = fromMemory;
    if (answer != null && answer.answer(request, response, callback)) {
      metrics.answeredFromMemory();
      return true;
    }
    pool.execute(() -> {
      try {
        if (!super.handle(request, response, callback)) {
          Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
        }
      } catch (Throwable e) {
        // Off Jetty's own invoker, which catches Throwable from a handler too: the request must
        // end, with a 500 where nothing was sent yet, or its connection would hang.
        callback.failed(e);
      }
    });
    return true;
  }
}
