package dev.jubjub.serve;

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
    String route = route(Request.getPathInContext(request));
    // Jetty counts the body bytes itself; a completion listener costs no wrapper per request.
    Request.addCompletionListener(request, failure -> metrics.record(
        route, response.getStatus(), Response.getContentBytesWritten(response), System.nanoTime() - start));
    return super.handle(request, response, callback);
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
