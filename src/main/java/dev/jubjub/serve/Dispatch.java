package dev.jubjub.serve;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Answers what memory holds before the rest of the chain (status, first sync, gzip, web UI,
 * routing) is walked: a cached simple page is most of what pip asks for.
 *
 * <p>Blocking, as the handlers below it are: Jetty runs every request on its pool. Declared
 * non-blocking, with the cached pages answered on the selector thread and everything else handed to
 * the pool from here, pages went from 0.65-0.81 to 0.88-1.41 of nginx's rate, but Jetty 12.1's
 * channel state then raced under ServeFloodTest (an assertion in HttpChannelState's last-write
 * callback, "channel already completed", a 304 answering the next request on a kept-alive
 * connection), which it never did with Jetty dispatching.
 */
final class Dispatch extends Handler.Wrapper {
  /** Answers from memory, or returns false having touched nothing; must never block. */
  interface FromMemory {
    boolean answer(Request request, Response response, Callback callback);
  }

  private final Metrics metrics;
  private volatile FromMemory fromMemory;

  Dispatch(Handler next, Metrics metrics) {
    super(next);
    this.metrics = metrics;
  }

  /** Set once the handlers that serve the tree exist: until then every request goes on. */
  void answerFromMemory(FromMemory answer) {
    this.fromMemory = answer;
  }

  @Override
  public InvocationType getInvocationType() {
    return InvocationType.BLOCKING;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    FromMemory answer = fromMemory;
    if (answer != null && answer.answer(request, response, callback)) {
      metrics.answeredFromMemory();
      return true;
    }
    return super.handle(request, response, callback);
  }
}
