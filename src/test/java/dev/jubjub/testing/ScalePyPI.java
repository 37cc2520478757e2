package dev.jubjub.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fake PyPI the size of pypi.org (880,000 projects) in a few MB of state: nothing is stored per
 * project. Project {@code i} (0 ≤ i &lt; N) is {@code scale-000123} (zero-padded to at least six
 * digits, so name order is index order), with one project in 50 listed as {@code Scale-…},
 * {@code scale.…} or {@code Scale_…}; its serial is {@code i + 1} until churned. Churning a
 * project gives it the next global serial and a new release; release {@code 1.k} has a pure
 * wheel and an sdist whose bytes are a line naming the file. JSON API documents and simple pages
 * are rendered on demand by {@link JsonApi} and {@link SimpleApi} from a throwaway {@link
 * UpstreamProject}; the PEP 691 / HTML listing is built once per serial (~40 MB at 880k, gzipped
 * once when asked). Endpoints: {@code /simple/}, {@code /simple/<p>/}, {@code /pypi/<p>/json},
 * {@code /packages/…}, XML-RPC {@code changelog_last_serial} at {@code POST /pypi}, and
 * {@code GET|POST /admin/churn?count=K[&stride=S]}, which churns projects {@code 0, S, 2S, …} (K of them; S defaults to N/K) and answers the new serial.
 */
public final class ScalePyPI implements AutoCloseable {
  static {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final int size;
  private final int width;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final URI baseUri;
  /** Churned projects: index to {serial, generation}. Guarded by this. */
  private final Map<Integer, long[]> churned = new HashMap<>();
  private long serial;
  private Cached listing; // guarded by this

  private record Cached(long serial, String type, byte[] plain, byte[][] gzipped) {}

  private ScalePyPI(int size, int port) throws IOException {
    if (size < 1) {
      throw new IllegalArgumentException("scale needs at least one project");
    }
    this.size = size;
    this.width = Math.max(6, Integer.toString(size - 1).length());
    this.serial = size;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 1024);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    this.baseUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  public static ScalePyPI start(int projects, int port) throws IOException {
    return new ScalePyPI(projects, port);
  }

  public URI baseUri() {
    return baseUri;
  }

  public int size() {
    return size;
  }

  public synchronized long serial() {
    return serial;
  }

  /** Normalized name of project {@code i}. */
  public String normalizedName(int i) {
    String digits = Integer.toString(i);
    return "scale-" + "0".repeat(Math.max(0, width - digits.length())) + digits;
  }

  /** The name as the listing spells it: a sprinkling of mixed-case, dotted and underscored ones. */
  public String displayName(int i) {
    String digits = normalizedName(i).substring("scale-".length());
    return switch (i % 50) {
      case 7 -> "Scale-" + digits;
      case 19 -> "scale." + digits;
      case 31 -> "Scale_" + digits;
      default -> "scale-" + digits;
    };
  }

  /** The index of the project any spelling names, or -1. */
  public int index(String anySpelling) {
    String n = Names.normalize(anySpelling);
    if (!n.startsWith("scale-") || n.length() != "scale-".length() + width) {
      return -1;
    }
    int i = 0;
    for (int c = "scale-".length(); c < n.length(); c++) {
      char ch = n.charAt(c);
      if (ch < '0' || ch > '9') {
        return -1;
      }
      i = i * 10 + (ch - '0');
    }
    return i < size ? i : -1;
  }

  public synchronized long serial(int i) {
    long[] c = churned.get(i);
    return c == null ? i + 1 : c[0];
  }

  /** Churns {@code count} projects, {@code 0, stride, 2·stride, …}; returns the new global serial. */
  public synchronized long churn(int count, int stride) {
    int step = stride > 0 ? stride : Math.max(1, size / Math.max(1, count));
    for (int k = 0; k < count && (long) k * step < size; k++) {
      int i = k * step;
      long generation = churned.containsKey(i) ? churned.get(i)[1] + 1 : 1;
      churned.put(i, new long[] {++serial, generation});
    }
    listing = null;
    return serial;
  }

  /** Project {@code i} as it is now: releases 1.0 … 1.g, each a wheel and an sdist. */
  public UpstreamProject project(int i) {
    long last;
    long generations;
    synchronized (this) {
      long[] c = churned.get(i);
      last = c == null ? i + 1 : c[0];
      generations = c == null ? 0 : c[1];
    }
    String name = displayName(i);
    List<UpstreamRelease> releases = new ArrayList<>();
    for (long g = 0; g <= generations; g++) {
      String version = "1." + g;
      var time = Universe.clock(i + 1 + g);
      List<UpstreamFile> files = List.of(
          file(fileName(i, version, true), version, "bdist_wheel", "py3", time),
          file(fileName(i, version, false), version, "sdist", "source", time));
      releases.add(new UpstreamRelease(version, files, Json.generatedInfo(name, ReleaseSpec.of(version)), false, null));
    }
    return new UpstreamProject(name, releases, last);
  }

  private String fileName(int i, String version, boolean wheel) {
    String stem = normalizedName(i).replace('-', '_') + "-" + version;
    return wheel ? stem + "-py3-none-any.whl" : stem + ".tar.gz";
  }

  static byte[] content(String filename) {
    return ("jubjub scale fake PyPI: " + filename + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static UpstreamFile file(String filename, String version, String type, String python, java.time.Instant time) {
    byte[] content = content(filename);
    String blake = Digests.blake2b256(content);
    return new UpstreamFile(filename, version, type, python, ">=3.8", content.length, Digests.sha256(content),
        Digests.md5(content), blake, time, false, null, UpstreamFile.pathFor(blake, filename), content, null);
  }

  /** The listing at the current serial, built once per serial per representation. */
  synchronized Cached listing(String type) {
    if (listing == null || listing.serial() != serial || !listing.type().equals(type)) {
      listing = null; // let the old one go before building the next
      StringBuilder out = new StringBuilder(size * 56 + 256);
      if (type.equals(SimpleApi.JSON)) {
        out.append("{\"meta\":{\"api-version\":\"").append(SimpleApi.API_VERSION).append("\",\"_last-serial\":")
            .append(serial).append("},\"projects\":[");
        for (int i = 0; i < size; i++) {
          out.append(i == 0 ? "" : ",").append("{\"name\":\"").append(displayName(i)).append("\",\"_last-serial\":")
              .append(serial(i)).append('}');
        }
        out.append("]}");
      } else {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <meta name=\"pypi:repository-version\" content=\"")
            .append(SimpleApi.API_VERSION).append("\">\n    <title>Simple index</title>\n  </head>\n  <body>\n");
        for (int i = 0; i < size; i++) {
          out.append("      <a href=\"/simple/").append(normalizedName(i)).append("/\">").append(displayName(i))
              .append("</a>\n");
        }
        out.append("  </body>\n</html>\n");
      }
      byte[] plain = out.toString().getBytes(StandardCharsets.UTF_8);
      listing = new Cached(serial, type, plain, new byte[1][]);
    }
    return listing;
  }

  private Response listingResponse(String type, boolean gzip) {
    Cached c = listing(type);
    String contentType = type.equals(SimpleApi.HTML) ? "text/html; charset=utf-8" : type;
    Response plain = Response.ok(contentType, c.plain()).withSerial(c.serial()).withHeader("Vary", "Accept");
    if (!gzip) {
      return plain;
    }
    synchronized (c) {
      if (c.gzipped()[0] == null) {
        c.gzipped()[0] = plain.gzipped().body();
      }
    }
    return plain.withBody(c.gzipped()[0]).withHeader("Content-Encoding", "gzip")
        .withHeader("Vary", "Accept, Accept-Encoding");
  }

  Response route(String method, String path, String query, String accept, boolean gzip) {
    if (path.equals("/admin/churn")) {
      Map<String, String> params = new HashMap<>();
      if (query != null) {
        for (String pair : query.split("&")) {
          int eq = pair.indexOf('=');
          params.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
      }
      long now = churn(Integer.parseInt(params.getOrDefault("count", "1")),
          Integer.parseInt(params.getOrDefault("stride", "0")));
      return Response.text(200, Long.toString(now));
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      return Response.text(405, "405 Method Not Allowed");
    }
    if (path.startsWith("/packages/")) {
      String urlPath = path.substring(1);
      String filename = urlPath.substring(urlPath.lastIndexOf('/') + 1);
      int dash = filename.indexOf('-');
      if (dash < 0 || index(filename.substring(0, dash)) < 0) {
        return Response.notFound();
      }
      byte[] content = content(filename);
      if (!UpstreamFile.pathFor(Digests.blake2b256(content), filename).equals(urlPath)) {
        return Response.notFound();
      }
      return Response.ok("application/octet-stream", content);
    }
    if (path.equals("/simple")) {
      return Response.redirect("/simple/");
    }
    if (path.equals("/simple/")) {
      String type = SimpleApi.negotiate(accept);
      return listingResponse(type.equals(SimpleApi.JSON) ? SimpleApi.JSON : SimpleApi.HTML, gzip);
    }
    String[] parts = path.split("/");
    if (parts.length == 3 && parts[1].equals("simple")) {
      int i = index(parts[2]);
      if (i < 0) {
        return Response.notFound();
      }
      if (!path.endsWith("/") || !parts[2].equals(normalizedName(i))) {
        return Response.redirect("/simple/" + normalizedName(i) + "/");
      }
      return compress(SimpleApi.project(project(i), SimpleApi.negotiate(accept), baseUri.toString())
          .withHeader("Vary", "Accept"), gzip);
    }
    if (parts.length == 4 && parts[1].equals("pypi") && parts[3].equals("json")) {
      int i = index(parts[2]);
      if (i < 0) {
        return Response.notFound();
      }
      if (!parts[2].equals(displayName(i))) {
        String target = "/pypi/" + displayName(i) + "/json";
        return Response.redirect(query == null ? target : target + "?" + query);
      }
      return compress(JsonApi.project(project(i), baseUri.toString()).orElseThrow(), gzip);
    }
    return Response.notFound();
  }

  private static Response compress(Response r, boolean gzip) {
    return gzip ? r.gzipped() : r;
  }

  /** XML-RPC as PyPI answers mirrors: here only {@code changelog_last_serial}, the others a fault. */
  private Response xmlRpc(String call) {
    String answer = call.contains("<methodName>changelog_last_serial</methodName>")
        ? "<params><param><value><int>" + serial() + "</int></value></param></params>"
        : "<fault><value><struct><member><name>faultCode</name><value><int>-32601</int></value></member>"
            + "<member><name>faultString</name><value><string>not in the scale fake</string></value></member>"
            + "</struct></value></fault>";
    return Response.ok("text/xml", ("<?xml version='1.0'?>\n<methodResponse>\n" + answer + "\n</methodResponse>\n")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private void handle(HttpExchange exchange) {
    try {
      URI uri = exchange.getRequestURI();
      byte[] body = exchange.getRequestBody().readAllBytes();
      boolean gzip = FakePyPI.acceptsGzip(exchange.getRequestHeaders().getFirst("Accept-Encoding"));
      Response response;
      try {
        response = exchange.getRequestMethod().equals("POST") && uri.getPath().equals("/pypi")
            ? xmlRpc(new String(body, java.nio.charset.StandardCharsets.UTF_8))
            : route(exchange.getRequestMethod(), uri.getPath(), uri.getRawQuery(),
                exchange.getRequestHeaders().getFirst("Accept"), gzip);
      } catch (RuntimeException e) {
        response = Response.text(500, "scale fake PyPI failed: " + e);
      }
      Responder.send(exchange, response, null, false);
    } catch (IOException e) {
      // the client went away
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
