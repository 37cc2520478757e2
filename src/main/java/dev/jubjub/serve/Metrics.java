package dev.jubjub.serve;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Request counters, bytes sent and a latency histogram, in Prometheus' text format. */
final class Metrics {
  private static final double[] BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30};
  /** Per route, a counter per status code (index = status - 100), so recording allocates nothing. */
  private final Map<String, LongAdder[]> requests = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> bytes = new ConcurrentHashMap<>();
  private final LongAdder[] buckets = new LongAdder[BUCKETS.length + 1];
  private final LongAdder count = new LongAdder();
  private final LongAdder fromMemory = new LongAdder();
  private final LongAdder sumMicros = new LongAdder();

  Metrics() {
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  void record(String route, int status, long sent, long nanos) {
    LongAdder[] byStatus = requests.computeIfAbsent(route, k -> new LongAdder[500]);
    int index = Math.max(0, Math.min(499, status - 100));
    LongAdder counter = byStatus[index];
    if (counter == null) {
      synchronized (byStatus) {
        if (byStatus[index] == null) {
          byStatus[index] = new LongAdder();
        }
        counter = byStatus[index];
      }
    }
    counter.increment();
    bytes.computeIfAbsent(route, k -> new LongAdder()).add(sent);
    double seconds = nanos / 1e9;
    int i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]) {
      i++;
    }
    buckets[i].increment();
    count.increment();
    sumMicros.add(nanos / 1000);
  }

  /** A request answered from memory before the handler chain ({@link Dispatch}). */
  void answeredFromMemory() {
    fromMemory.increment();
  }

  String render() {
    StringBuilder out = new StringBuilder();
    out.append("# HELP jubjub_http_answered_from_memory_total Simple pages answered from memory before the handler chain.\n")
        .append("# TYPE jubjub_http_answered_from_memory_total counter\n")
        .append("jubjub_http_answered_from_memory_total ").append(fromMemory.sum()).append('\n');
    out.append("# HELP jubjub_http_requests_total HTTP requests by route and status.\n")
        .append("# TYPE jubjub_http_requests_total counter\n");
    requests.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      LongAdder[] byStatus = e.getValue();
      synchronized (byStatus) {
        for (int i = 0; i < byStatus.length; i++) {
          if (byStatus[i] != null) {
            out.append("jubjub_http_requests_total{route=\"").append(e.getKey()).append("\",status=\"")
                .append(i + 100).append("\"} ").append(byStatus[i].sum()).append('\n');
          }
        }
      }
    });
    out.append("# HELP jubjub_http_sent_bytes_total Response body bytes sent, by route.\n")
        .append("# TYPE jubjub_http_sent_bytes_total counter\n");
    bytes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
        out.append("jubjub_http_sent_bytes_total{route=\"").append(e.getKey()).append("\"} ")
            .append(e.getValue().sum()).append('\n'));
    out.append("# HELP jubjub_http_request_duration_seconds Time to answer a request.\n")
        .append("# TYPE jubjub_http_request_duration_seconds histogram\n");
    long cumulative = 0;
    for (int i = 0; i < buckets.length; i++) {
      cumulative += buckets[i].sum();
      out.append("jubjub_http_request_duration_seconds_bucket{le=\"")
          .append(i < BUCKETS.length ? Double.toString(BUCKETS[i]) : "+Inf").append("\"} ")
          .append(cumulative).append('\n');
    }
    out.append("jubjub_http_request_duration_seconds_sum ").append(sumMicros.sum() / 1e6).append('\n')
        .append("jubjub_http_request_duration_seconds_count ").append(count.sum()).append('\n');
    return out.toString();
  }
}
