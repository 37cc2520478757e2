package dev.jubjub.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An authenticating HTTP proxy between jubjub and its upstream, as in many companies: the
 * credentials from {@code proxy = http://user:password@host:port} answer its 407, and go to the
 * proxy alone.
 */
class ProxyLoginTest {
  private static final String LOGIN = "alice:s3cr@t";

  @Test
  void theProxysLoginIsSentToTheProxyAndNowhereElse() throws Exception {
    try (FakePyPI fake = FakePyPI.start(Universe.generate(5, 3));
        LoginProxy proxy = new LoginProxy(LOGIN)) {
      try (Upstream upstream = new Upstream(settings(fake, "alice:s3cr%40t", proxy.port()))) {
        Listing listing = upstream.listProjects();
        assertThat(listing.projects()).hasSize(fake.universe().projects().size());
        String name = listing.projects().values().iterator().next().name().display();
        assertThat(upstream.project(ProjectName.of(name), 0, false, HeapBudget.PROCESS.lease()).name().display())
            .isEqualTo(name);
      }
      assertThat(proxy.forwarded).isNotEmpty();
      assertThat(fake.requestLog()).hasSameSizeAs(proxy.forwarded);
      assertThat(proxy.refused).as("a 407 before the first login, at most").hasSizeLessThanOrEqualTo(2);
    }
  }

  @Test
  void aWrongPasswordIsA407ThatDoesNotRepeatIt() throws Exception {
    try (FakePyPI fake = FakePyPI.start(Universe.generate(5, 3));
        LoginProxy proxy = new LoginProxy(LOGIN);
        Upstream upstream = new Upstream(settings(fake, "alice:wrong-Pa55", proxy.port()))) {
      assertThatThrownBy(upstream::listProjects)
          .isInstanceOf(UpstreamException.class)
          .hasMessageContaining("407")
          .hasMessageNotContaining("wrong-Pa55");
      assertThat(proxy.forwarded).isEmpty();
      assertThat(fake.requestLog()).isEmpty();
    }
  }

  private static Upstream.Settings settings(FakePyPI fake, String login, int proxyPort) {
    return new Upstream.Settings(
        fake.baseUri(), Optional.of(URI.create("http://" + login + "@127.0.0.1:" + proxyPort)),
        Duration.ofSeconds(10), Duration.ofSeconds(60), Optional.empty(), false,
        new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(50)), Optional.empty());
  }

  /** A forward proxy for plain http that wants Basic credentials. */
  private static final class LoginProxy implements AutoCloseable {
    final List<String> forwarded = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final String expected;

    LoginProxy(String login) throws IOException {
      this.expected = "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8));
      this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext("/", this::handle);
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
      URI target = exchange.getRequestURI();
      if (!expected.equals(exchange.getRequestHeaders().getFirst("Proxy-Authorization"))) {
        refused.add(target.toString());
        exchange.getResponseHeaders().set("Proxy-Authenticate", "Basic realm=\"company proxy\"");
        exchange.sendResponseHeaders(407, -1);
        exchange.close();
        return;
      }
      forwarded.add(target.toString());
      HttpURLConnection c = (HttpURLConnection) target.toURL().openConnection(Proxy.NO_PROXY);
      c.setInstanceFollowRedirects(false);
      for (String header : List.of("Accept", "Accept-Encoding", "User-Agent")) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
          c.setRequestProperty(header, value);
        }
      }
      int status = c.getResponseCode();
      for (String header : List.of("Content-Type", "Content-Encoding", "X-PyPI-Last-Serial", "Location")) {
        String value = c.getHeaderField(header);
        if (value != null) {
          exchange.getResponseHeaders().set(header, value);
        }
      }
      byte[] body;
      try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
        body = in == null ? new byte[0] : in.readAllBytes();
      }
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
