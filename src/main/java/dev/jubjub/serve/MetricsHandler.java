package dev.jubjub.serve;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Records every request's route, status, body bytes and latency in {@link Metrics}. */
final class MetricsHandler extends Handler.Wrapper {
  private final Metrics metrics;

  MetricsHandler(Handler handler, Metrics metrics) {
    super(handler);
    this.metrics = metrics;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long start = System.nanoTime();
    AtomicLong sent = new AtomicLong();
    Response counting = new Response.Wrapper(request, response) {
      @Override
      public void write(boolean last, ByteBuffer content, Callback cb) {
        if (content != null) {
          sent.addAndGet(content.remaining());
        }
        super.write(last, content, cb);
      }
    };
    String route = route(Request.getPathInContext(request));
    Callback recording = new Callback.Nested(callback) {
      @Override
      public void succeeded() {
        record(route, response, sent, start);
        super.succeeded();
      }

      @Override
      public void failed(Throwable failure) {
        record(route, response, sent, start);
        super.failed(failure);
      }
    };
    return super.handle(request, counting, recording);
  }

  private void record(String route, Response response, AtomicLong sent, long start) {
    metrics.record(route, response.getStatus(), sent.get(), System.nanoTime() - start);
  }

  static String route(String path) {
    if (path.startsWith("/packages/")) {
      return path.endsWith(".metadata") ? "core_metadata" : "files";
    }
    if (path.equals("/simple/")) {
      return "simple_index";
    }
    if (path.startsWith("/simple/")) {
      return "simple_project";
    }
    if (path.startsWith("/pypi/")) {
      return "json_api";
    }
    return switch (path) {
      case "/health" -> "health";
      case "/metrics" -> "metrics";
      default -> "other";
    };
  }
}
