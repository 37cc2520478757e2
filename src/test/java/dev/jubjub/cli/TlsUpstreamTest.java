package dev.jubjub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jubjub.cli.DataSafetyTest.Mirror;
import dev.jubjub.cli.DataSafetyTest.Outcome;
import dev.jubjub.config.TlsTrust;
import dev.jubjub.testing.FakePyPI;
import dev.jubjub.testing.Universe;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An https upstream signed by a CA the JDK does not know: one clear line, no retries, and the ways to trust it. */
class TlsUpstreamTest {
  @TempDir static Path keys;
  static SelfSignedCertificate certificate;

  @TempDir Path tmp;

  @BeforeAll
  static void makeCertificate() throws Exception {
    certificate = SelfSignedCertificate.create(keys);
  }

  @Test
  void anUntrustedCertificateIsOneLineWithTheFixAndIsNotRetriedThenCaBundleTrustsIt() throws Exception {
    Universe universe = Universe.generate(71, 3);
    try (FakePyPI fake = FakePyPI.startTls(universe, certificate.serverContext())) {
      Mirror m = Mirror.of(tmp, fake, "");
      Outcome refused = m.run("mirror").assertCode(ExitCodes.UPSTREAM);
      assertThat(refused.stderr())
          .contains("TLS: 127.0.0.1's certificate is not trusted")
          .contains("ca-bundle")
          .contains(fake.baseUri().toString())
          .doesNotContain("retrying")
          .doesNotContain("\tat ");
      assertThat(fake.requests("/")).as("no request gets past the handshake").isZero();

      Mirror.write(m.config(), m.directory(), fake, "ca-bundle = " + certificate.pem());
      Outcome trusted = m.run("mirror").assertCode(ExitCodes.OK);
      int n = universe.projects().size();
      assertThat(trusted.stdout()).contains(n + " synced of " + n);
      universe.files().forEach(f -> assertThat(m.file(f)).exists());
    }
  }

  @Test
  void aCaBundleThatHoldsNoCertificateIsAConfigError() throws Exception {
    Path bogus = tmp.resolve("bogus.pem");
    Files.writeString(bogus, "not a certificate\n");
    try (FakePyPI fake = FakePyPI.startTls(Universe.generate(72, 1), certificate.serverContext())) {
      Mirror m = Mirror.of(tmp, fake, "ca-bundle = " + bogus);
      Outcome bad = m.run("mirror").assertCode(ExitCodes.USAGE);
      assertThat(bad.stderr()).contains("ca-bundle").contains(bogus.toString()).contains("BEGIN CERTIFICATE");
      assertThat(fake.requests("/")).isZero();
    }
  }

  @Test
  @org.junit.jupiter.api.Timeout(60)
  void aCaBundleThatIsNoRegularFileIsRefusedAtOnceAndKeysBesideCertificatesAreSkipped() throws Exception {
    try (FakePyPI fake = FakePyPI.startTls(Universe.generate(74, 1), certificate.serverContext())) {
      Mirror m = Mirror.of(tmp, fake, "ca-bundle = /dev/zero");
      assertThat(m.run("mirror").assertCode(ExitCodes.USAGE).stderr()).contains("/dev/zero is not a regular file");

      Path mixed = tmp.resolve("mixed.pem");
      Files.writeString(mixed, "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49\n-----END PRIVATE KEY-----\n"
          + Files.readString(certificate.pem()));
      Mirror.write(m.config(), m.directory(), fake, "ca-bundle = " + mixed);
      m.run("mirror").assertCode(ExitCodes.OK);
    }
  }

  @Test
  void sslCertFileIsTrustedAsOpenSslTrustsIt() throws Exception {
    try (FakePyPI fake = FakePyPI.startTls(Universe.generate(73, 1), certificate.serverContext())) {
      TlsTrust trust = TlsTrust.load(Optional.empty(), Map.of("SSL_CERT_FILE", certificate.pem().toString()));
      HttpsURLConnection c = (HttpsURLConnection) URI.create(fake.baseUri() + "simple/").toURL().openConnection();
      c.setSSLSocketFactory(trust.context().getSocketFactory());
      assertThat(c.getResponseCode()).isEqualTo(200);

      TlsTrust without = TlsTrust.load(Optional.empty(), Map.of());
      HttpsURLConnection refused = (HttpsURLConnection) URI.create(fake.baseUri() + "simple/").toURL().openConnection();
      refused.setSSLSocketFactory(without.context().getSocketFactory());
      org.assertj.core.api.Assertions.assertThatThrownBy(refused::getResponseCode)
          .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
      assertThat(without.size()).as("the JDK's authorities at least").isGreaterThan(50);
    }
  }
}
