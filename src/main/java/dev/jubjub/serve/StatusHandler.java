package dev.jubjub.serve;

import dev.jubjub.store.LastRun;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /health} and {@code /metrics}, answered before the first sync too (that is when a load
 * balancer and monitoring most need them); every other request goes on to the wrapped handler.
 */
final class StatusHandler extends Handler.Wrapper {
  private final Metrics metrics;
  private final Freshness freshness;
  private final TreeCensus census;
  private final FirstSync firstSync;
  private final Optional<Duration> maxSyncAge;

  StatusHandler(FirstSync firstSync, Metrics metrics, Freshness freshness, TreeCensus census,
      Optional<Duration> maxSyncAge) {
    super(firstSync);
    this.firstSync = firstSync;
    this.metrics = metrics;
    this.freshness = freshness;
    this.census = census;
    this.maxSyncAge = maxSyncAge;
  }

  @Override
  public InvocationType getInvocationType() {
    return InvocationType.BLOCKING; // both read the storage, now and then
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String method = request.getMethod();
    if (HttpMethod.GET.is(method) || HttpMethod.HEAD.is(method)) {
      switch (Request.getPathInContext(request)) {
        case "/health" -> {
          health(response, callback);
          return true;
        }
        case "/metrics" -> {
          String text = metrics.render() + MirrorMetrics.render(snapshot(), census.totals());
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
          response.write(true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), callback);
          return true;
        }
        default -> { }
      }
    }
    return super.handle(request, response, callback);
  }

  /** The freshness, or empty when the storage cannot be read: the metrics then leave the mirror's out. */
  private Optional<Freshness.Snapshot> snapshot() {
    try {
      return Optional.of(freshness.current());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * 200 when the mirror is served and, with {@code max-sync-age}, recent enough; otherwise 503
   * with the reason, for load balancers and monitoring.
   */
  private void health(Response response, Callback callback) {
    String body;
    boolean ok;
    try {
      Freshness.Snapshot now = freshness.current();
      boolean ready = firstSync.ready();
      Optional<String> stale = ready ? stale(now) : Optional.empty();
      ok = ready && stale.isEmpty();
      String status = !ready ? "no mirror yet" : stale.isPresent() ? "stale" : "ok";
      body = healthJson(status, now, stale);
    } catch (IOException e) {
      ok = false;
      body = "{\"status\": \"storage unavailable\", \"serial\": null}";
    }
    response.setStatus(ok ? 200 : 503);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
  }

  /** Why the mirror counts as out of date under {@code max-sync-age}, or empty when it does not. */
  private Optional<String> stale(Freshness.Snapshot now) {
    if (maxSyncAge.isEmpty()) {
      return Optional.empty();
    }
    if (now.lastSuccess().isEmpty()) {
      return Optional.of("no successful sync is known (max-sync-age = " + maxSyncAge.get() + ")");
    }
    Duration age = Duration.between(now.lastSuccess().get(), Instant.now());
    return age.compareTo(maxSyncAge.get()) > 0
        ? Optional.of("the last successful sync finished " + age.toSeconds() + " s ago, more than max-sync-age = "
            + maxSyncAge.get().toSeconds() + " s")
        : Optional.empty();
  }

  private static String healthJson(String status, Freshness.Snapshot now, Optional<String> stale) {
    StringBuilder out = new StringBuilder("{\"status\": ").append(Json.quote(status));
    out.append(", \"serial\": ").append(now.serial().isPresent() ? Long.toString(now.serial().getAsLong()) : "null");
    stale.ifPresent(reason -> out.append(", \"reason\": ").append(Json.quote(reason)));
    out.append(", \"last_success\": ").append(now.lastSuccess().map(t -> Json.quote(t.toString())).orElse("null"));
    out.append(", \"last_success_age_seconds\": ").append(now.lastSuccess()
        .map(t -> Long.toString(Math.max(0, Duration.between(t, Instant.now()).toSeconds()))).orElse("null"));
    Optional<LastRun> run = now.lastRun();
    out.append(", \"last_run_result\": ").append(run.map(r -> Json.quote(r.ok() ? "ok" : "failed")).orElse("null"));
    out.append(", \"last_run_finished\": ").append(run.map(r -> Json.quote(r.finished().toString())).orElse("null"));
    out.append(", \"last_run_failed_projects\": ")
        .append(run.map(r -> Long.toString(r.counts().projectsFailed())).orElse("null"));
    out.append(", \"last_run_error\": ").append(run.flatMap(LastRun::error).map(Json::quote).orElse("null"));
    return out.append('}').toString();
  }
}
