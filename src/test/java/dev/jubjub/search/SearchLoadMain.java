package dev.jubjub.search;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A closed-loop load generator for bench/search: CLIENTS threads, each with its own kept-alive connection,
 * send {@code GET /search?q=…} (the HTML page, with highlighting) back to back for SECONDS after a
 * warm-up, and the latency percentiles are printed. Queries are a fixed mix drawn from the
 * corpus's names: a name as typed, the first letters of one, one or two of its words, and a word
 * with {@code format=json}.
 *
 * <p>{@code SearchLoadMain BASE_URL NAMES_FILE CLIENTS SECONDS}
 */
public final class SearchLoadMain {
  public static void main(String[] args) throws Exception {
    String base = args[0];
    List<String> names = Files.readAllLines(Path.of(args[1]));
    int clients = Integer.parseInt(args[2]);
    int seconds = Integer.parseInt(args[3]);
    run(base, names, clients, 5);
    long[] latencies = run(base, names, clients, seconds);
    Arrays.sort(latencies);
    System.out.printf("search: %d clients, %d requests in %d s (%.0f req/s); latency ms: p50 %.1f, p90 %.1f,"
        + " p99 %.1f, max %.1f%n", clients, latencies.length, seconds, latencies.length / (double) seconds,
        pct(latencies, 50), pct(latencies, 90), pct(latencies, 99), latencies[latencies.length - 1] / 1e6);
  }

  private static double pct(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
  }

  private static String query(SplittableRandom random, List<String> names) {
    String name = names.get(random.nextInt(names.size()));
    String[] words = name.split("[-_.]");
    return switch (random.nextInt(5)) {
      case 0 -> name;
      case 1 -> name.substring(0, Math.min(name.length(), 3 + random.nextInt(4)));
      case 2 -> words[0];
      case 3 -> words[0] + " " + words[words.length - 1];
      default -> words[words.length - 1] + "&format=json";
    };
  }

  private static long[] run(String base, List<String> names, int clients, int seconds) throws Exception {
    URI uri = URI.create(base);
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<Future<long[]>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
      for (int c = 0; c < clients; c++) {
        int client = c;
        results.add(pool.submit(() -> {
          SplittableRandom random = new SplittableRandom(client);
          long[] times = new long[1 << 16];
          int n = 0;
          try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream(), 65536);
            while (System.nanoTime() < end) {
              String q = query(random, names);
              int amp = q.indexOf('&');
              String encoded = amp < 0 ? URLEncoder.encode(q, StandardCharsets.UTF_8)
                  : URLEncoder.encode(q.substring(0, amp), StandardCharsets.UTF_8) + q.substring(amp);
              byte[] request = ("GET /search?q=" + encoded + " HTTP/1.1\r\nHost: " + uri.getAuthority()
                  + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
              long start = System.nanoTime();
              out.write(request);
              out.flush();
              int status = readResponse(in);
              long took = System.nanoTime() - start;
              if (status != 200) {
                throw new IllegalStateException(status + " for " + q);
              }
              if (n == times.length) {
                times = Arrays.copyOf(times, n * 2);
              }
              times[n++] = took;
            }
          }
          return Arrays.copyOf(times, n);
        }));
      }
    }
    List<long[]> all = new ArrayList<>();
    for (Future<long[]> f : results) {
      all.add(f.get());
    }
    return all.stream().flatMapToLong(Arrays::stream).toArray();
  }

  /**
   * Reads one HTTP/1.1 response with a Content-Length (what /search sends) off a kept-alive
   * connection; returns its status. A blocking socket per client: the JDK's HttpClient spent a
   * millisecond of CPU per request here, on the same two cores as the server it measures.
   */
  private static int readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder(256);
    while (!(head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n"))) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed");
      }
      head.append((char) b);
    }
    String headers = head.toString();
    int status = Integer.parseInt(headers.substring(9, 12));
    Matcher length = CONTENT_LENGTH.matcher(headers);
    if (!length.find()) {
      throw new IOException("no Content-Length: " + headers);
    }
    in.skipNBytes(Long.parseLong(length.group(1)));
    return status;
  }

  private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)");
}
