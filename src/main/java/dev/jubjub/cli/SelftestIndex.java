package dev.jubjub.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.pypi.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPOutputStream;
import javax.net.ssl.SSLContext;

/**
 * A small generated package index on 127.0.0.1, speaking what jubjub asks of PyPI: the PEP 691
 * listing with serials, the JSON API (with core-metadata, as pypi.org's), files and their PEP 658
 * metadata, documents gzipped on request, over https like PyPI. What {@code jubjub selftest} mirrors.
 */
final class SelftestIndex implements AutoCloseable {
  private static final String SIMPLE_JSON = "application/vnd.pypi.simple.v1+json";
  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final Map<String, Response> routes = new HashMap<>();
  private final List<String> projects;
  private int files;

  private record Response(String contentType, byte[] body, long serial) {}

  private SelftestIndex(int projectCount, Optional<SSLContext> tls) throws IOException {
    InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    if (tls.isPresent()) {
      HttpsServer https = HttpsServer.create(loopback, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(tls.get()));
      server = https;
    } else {
      server = HttpServer.create(loopback, 0);
    }
    String base = base().toString();
    ObjectNode listing = JsonApiParser.MAPPER.createObjectNode();
    ArrayNode listed = listing.putArray("projects");
    long serial = 0;
    projects = new java.util.ArrayList<>();
    for (int i = 0; i < projectCount; i++) {
      String name = "Selftest_Project." + i;
      projects.add(name);
      serial += 3;
      routes.put("/pypi/" + name + "/json", new Response("application/json", document(base, name, serial), serial));
      listed.addObject().put("name", name).put("_last-serial", serial);
    }
    listing.putObject("meta").put("api-version", "1.1").put("_last-serial", serial);
    routes.put("/simple/", new Response(SIMPLE_JSON, JsonApiParser.MAPPER.writeValueAsBytes(listing), serial));
    server.createContext("/", this::answer);
    server.setExecutor(threads);
    server.start();
  }

  /** @param tls over https with this context (as PyPI is reached), else plain http */
  static SelftestIndex start(int projects, Optional<SSLContext> tls) throws IOException {
    return new SelftestIndex(projects, tls);
  }

  URI base() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
  }

  List<String> projects() {
    return projects;
  }

  int files() {
    return files;
  }

  /** Two releases of a wheel (with core metadata) and an sdist each, a few KB apiece. */
  private byte[] document(String base, String name, long serial) throws IOException {
    String stem = ProjectName.normalize(name).replace('-', '_');
    ObjectNode doc = JsonApiParser.MAPPER.createObjectNode();
    ObjectNode info = doc.putObject("info");
    info.put("name", name).put("version", "1.1").put("summary", "A generated project for jubjub selftest")
        .put("requires_python", ">=3.8");
    doc.put("last_serial", serial);
    ObjectNode releases = doc.putObject("releases");
    for (String version : List.of("1.0", "1.1")) {
      ArrayNode list = releases.putArray(version);
      for (String filename : List.of(stem + "-" + version + "-py3-none-any.whl", stem + "-" + version + ".tar.gz")) {
        byte[] content = ("jubjub selftest file " + filename + "\n").repeat(64).getBytes(StandardCharsets.UTF_8);
        String sha = Sha256.of(content);
        String path = "/packages/" + sha.substring(0, 2) + "/" + sha.substring(2, 4) + "/" + sha.substring(4) + "/" + filename;
        routes.put(path, new Response("application/octet-stream", content, -1));
        files++;
        ObjectNode file = list.addObject();
        file.put("filename", filename).put("url", base + path).put("size", content.length)
            .put("upload_time_iso_8601", "2026-01-0" + version.charAt(2) + "T00:00:00.000000Z")
            .put("requires_python", ">=3.8").put("yanked", false)
            .put("packagetype", filename.endsWith(".whl") ? "bdist_wheel" : "sdist");
        file.putObject("digests").put("sha256", sha);
        if (filename.endsWith(".whl")) {
          byte[] metadata = ("Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n")
              .getBytes(StandardCharsets.UTF_8);
          routes.put(path + ".metadata", new Response("application/octet-stream", metadata, -1));
          file.putObject("core-metadata").put("sha256", Sha256.of(metadata));
        } else {
          file.put("core-metadata", false);
        }
      }
    }
    doc.set("urls", releases.get("1.1").deepCopy());
    return JsonApiParser.MAPPER.writeValueAsBytes(doc);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      Response r = routes.get(exchange.getRequestURI().getPath());
      if (r == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] body = r.body();
      exchange.getResponseHeaders().set("Content-Type", r.contentType());
      if (r.serial() >= 0) {
        exchange.getResponseHeaders().set("X-PyPI-Last-Serial", Long.toString(r.serial()));
        String accepts = exchange.getRequestHeaders().getFirst("Accept-Encoding");
        if (accepts != null && accepts.contains("gzip")) {
          ByteArrayOutputStream zipped = new ByteArrayOutputStream();
          try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(body);
          }
          body = zipped.toByteArray();
          exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
      }
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.close();
  }
}
