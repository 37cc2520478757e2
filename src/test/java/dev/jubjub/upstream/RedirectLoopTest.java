package dev.jubjub.upstream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RedirectLoopTest {
  @Test
  void aRedirectLoopIsNamedAsSuchNotAsABareStatus() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.getResponseHeaders().add("Location", exchange.getRequestURI().getPath().equals("/a") ? "/b" : "/a");
      exchange.sendResponseHeaders(302, -1);
      exchange.close();
    });
    server.start();
    try (Upstream upstream = new Upstream(UpstreamTest.settings(
        URI.create("http://127.0.0.1:" + server.getAddress().getPort())))) {
      assertThatThrownBy(upstream::listProjects)
          .isInstanceOf(UpstreamException.class)
          .hasMessageContaining("redirect loop")
          .hasMessageContaining("127.0.0.1");
    } finally {
      server.stop(0);
    }
  }
}
