package dev.jubjub.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultsTest {
  private FakePyPI fake;
  private UpstreamFile wheel;
  private URI wheelUri;

  @BeforeEach
  void start() {
    fake = FakePyPI.start(Universe.generate(1, 20));
    wheel = fake.universe().require("jubjub-app").file("jubjub_app-1.1.0-py3-none-any.whl").orElseThrow();
    wheelUri = fake.baseUri().resolve(wheel.urlPath());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void statusFaultsHitTheNextNMatchingRequestsOnly() {
    FaultRule rule = fake.inject("^/simple/$", 2, Fault.serviceUnavailable());
    assertThat(TestHttp.get(fake.simpleUri()).statusCode()).isEqualTo(503);
    assertThat(TestHttp.get(fake.simpleUri().resolve("jubjub-app/")).statusCode()).isEqualTo(200);
    assertThat(TestHttp.get(fake.simpleUri()).statusCode()).isEqualTo(503);
    assertThat(TestHttp.get(fake.simpleUri()).statusCode()).isEqualTo(200);
    assertThat(rule.fired()).isEqualTo(2);
    assertThat(rule.remaining()).isZero();

    fake.inject("/pypi/", 1, Fault.notFound());
    assertThat(TestHttp.get(fake.baseUri().resolve("pypi/jubjub-app/json")).statusCode()).isEqualTo(404);
  }

  @Test
  void tooManyRequestsSaysWhenToRetry() {
    fake.inject("/packages/", 1, Fault.tooManyRequests());
    var response = TestHttp.get(wheelUri);
    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("Retry-After")).contains("1");
    assertThat(TestHttp.get(wheelUri).body()).isEqualTo(wheel.content());
  }

  @Test
  void disconnectClosesWithoutAResponse() {
    // The JDK client silently retries a GET once when the connection closes before any byte.
    fake.inject("/packages/", 1, Fault.disconnect());
    assertThat(TestHttp.get(wheelUri).statusCode()).isEqualTo(200);
    assertThat(fake.requests("/packages/")).isEqualTo(2);
    fake.inject("/packages/", 2, Fault.disconnect());
    assertThatThrownBy(() -> TestHttp.get(wheelUri)).isInstanceOf(UncheckedIOException.class);
    assertThat(TestHttp.get(wheelUri).statusCode()).isEqualTo(200);
  }

  @Test
  void truncateSendsHalfOfADeclaredLength() {
    fake.inject("/packages/", 1, Fault.truncate());
    assertThatThrownBy(() -> TestHttp.get(wheelUri)).isInstanceOf(UncheckedIOException.class);
    assertThat(TestHttp.get(wheelUri).body()).isEqualTo(wheel.content());
  }

  @Test
  void stallOutlastsAClientTimeout() {
    fake.inject("/packages/", 1, Fault.stall(Duration.ofSeconds(5)));
    var request = HttpRequest.newBuilder(wheelUri).timeout(Duration.ofMillis(300)).build();
    assertThatThrownBy(() -> TestHttp.CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray()))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(TestHttp.get(wheelUri).statusCode()).isEqualTo(200);
  }

  @Test
  void stallMidBodyPausesAfterHalfTheBytes() throws IOException {
    fake.inject("/packages/", 1, Fault.stallMidBody(Duration.ofMillis(700)));
    long start = System.nanoTime();
    HttpResponse<java.io.InputStream> response = sendStreaming(wheelUri);
    long headersAfter = System.nanoTime() - start;
    byte[] body = response.body().readAllBytes();
    long bodyAfter = System.nanoTime() - start;
    assertThat(body).isEqualTo(wheel.content());
    assertThat(Duration.ofNanos(headersAfter)).isLessThan(Duration.ofMillis(500));
    assertThat(Duration.ofNanos(bodyAfter)).isGreaterThanOrEqualTo(Duration.ofMillis(650));
  }

  @Test
  void corruptKeepsTheLengthButNotTheHash() {
    fake.inject("/packages/", 1, Fault.corrupt());
    var response = TestHttp.get(wheelUri);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).hasSize(wheel.content().length);
    assertThat(Digests.sha256(response.body())).isNotEqualTo(wheel.sha256());
  }

  @Test
  void malformedAndHtmlBodiesReplaceJson() {
    URI json = fake.baseUri().resolve("pypi/jubjub-app/json");
    fake.inject("/json$", 1, Fault.malformed());
    assertThatThrownBy(() -> TestHttp.json(TestHttp.get(json))).isInstanceOf(UncheckedIOException.class);
    fake.inject("/json$", 1, Fault.htmlInsteadOfJson());
    var html = TestHttp.get(json);
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(TestHttp.json(TestHttp.get(json)).get("info").get("name").asText()).isEqualTo("jubjub-app");
  }

  @Test
  void aBodyReplacesTheAnswerAndKeepsItsSerial() {
    URI json = fake.baseUri().resolve("pypi/jubjub-app/json");
    long serial = TestHttp.serialHeader(TestHttp.get(json));
    fake.inject("/json$", 1, Fault.json("[\"hostile\"]"));
    var hostile = TestHttp.get(json);
    assertThat(hostile.statusCode()).isEqualTo(200);
    assertThat(new String(hostile.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("[\"hostile\"]");
    assertThat(TestHttp.serialHeader(hostile)).isEqualTo(serial);
    fake.inject("/json$", 1, Fault.lastSerial(1));
    assertThat(TestHttp.serialHeader(TestHttp.get(json))).isEqualTo(1);
  }

  @Test
  void aRedirectAndAnEndlessBody() throws IOException {
    fake.inject("/packages/", 1, Fault.redirect("file:///etc/passwd"));
    var redirect = TestHttp.get(wheelUri);
    assertThat(redirect.statusCode()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location")).contains("file:///etc/passwd");
    fake.inject("/packages/", 1, Fault.endless());
    try (java.io.InputStream endless = sendStreaming(wheelUri).body()) {
      assertThat(endless.readNBytes(1 << 20)).hasSize(1 << 20);
    }
    assertThat(TestHttp.get(wheelUri).body()).isEqualTo(wheel.content());
  }

  @Test
  void alwaysRulesLastUntilClearedAndTheFirstMatchingRuleWins() {
    FaultRule always = fake.injectAlways("/packages/", Fault.status(500));
    fake.inject(path -> path.endsWith(".whl"), 5, Fault.notFound());
    for (int i = 0; i < 3; i++) {
      assertThat(TestHttp.get(wheelUri).statusCode()).isEqualTo(500);
    }
    assertThat(always.fired()).isEqualTo(3);
    always.cancel();
    assertThat(TestHttp.get(wheelUri).statusCode()).isEqualTo(404);
    fake.clearFaults();
    assertThat(TestHttp.get(wheelUri).statusCode()).isEqualTo(200);
  }

  @Test
  void requestLogCountsPathsAndMethods() {
    TestHttp.get(fake.simpleUri());
    TestHttp.get(fake.baseUri().resolve("pypi/jubjub-app/json?serial=9"));
    TestHttp.get(wheelUri);
    TestHttp.post(fake.baseUri().resolve("pypi"), "<methodCall><methodName>changelog_last_serial</methodName></methodCall>");
    assertThat(fake.requests("/pypi/")).isEqualTo(1);
    assertThat(fake.requests("/pypi")).isEqualTo(2);
    assertThat(fake.requests("POST", "/pypi")).isEqualTo(1);
    assertThat(fake.requests("/packages/")).isEqualTo(1);
    assertThat(fake.requestedPaths()).containsExactly("/simple/", "/pypi/jubjub-app/json?serial=9", "/" + wheel.urlPath(), "/pypi");
    fake.resetRequests();
    assertThat(fake.requestedPaths()).isEmpty();
  }

  @Test
  void latencyDelaysEveryRequest() {
    fake.latency(Duration.ofMillis(300));
    long start = System.nanoTime();
    TestHttp.get(fake.simpleUri());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
  }

  private static HttpResponse<java.io.InputStream> sendStreaming(URI uri) throws IOException {
    try {
      return TestHttp.CLIENT.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
