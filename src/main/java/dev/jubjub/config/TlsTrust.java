package dev.jubjub.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificate authorities an https upstream or object store may chain to: the JDK's own, the
 * operating system's bundle (where a company adds its private CA with update-ca-certificates; a
 * self-contained runtime's JDK list lacks it), {@code SSL_CERT_FILE} (as OpenSSL, Python and curl
 * read it), and {@code [mirror] ca-bundle}. All of them, not the first found: each adds trust the
 * operator gave on purpose.
 */
public final class TlsTrust {
  /** Debian and Ubuntu, then Fedora and RHEL, then Alpine and the BSDs. */
  static final List<Path> SYSTEM_BUNDLES = List.of(
      Path.of("/etc/ssl/certs/ca-certificates.crt"), Path.of("/etc/pki/tls/certs/ca-bundle.crt"),
      Path.of("/etc/ssl/cert.pem"));

  private final TrustManager[] managers;
  private final int count;

  private TlsTrust(TrustManager[] managers, int count) {
    this.managers = managers;
    this.count = count;
  }

  /**
   * @param caBundle {@code [mirror] ca-bundle}, already checked by {@link #certificates}
   * @param env the process environment, for {@code SSL_CERT_FILE}
   */
  public static TlsTrust load(Optional<Path> caBundle, Map<String, String> env) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      List<X509Certificate> all = new ArrayList<>(List.of(jdkDefault().getAcceptedIssuers()));
      SYSTEM_BUNDLES.stream().filter(Files::isReadable).findFirst().ifPresent(p -> all.addAll(readQuietly(p)));
      Optional.ofNullable(env.get("SSL_CERT_FILE")).filter(s -> !s.isBlank()).map(Path::of)
          .ifPresent(p -> all.addAll(readQuietly(p)));
      caBundle.ifPresent(p -> all.addAll(readQuietly(p)));
      int i = 0;
      for (X509Certificate c : all) {
        store.setCertificateEntry("ca-" + i++, c);
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(store);
      return new TlsTrust(factory.getTrustManagers(), all.size());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS trust: " + e.getMessage(), e);
    }
  }

  /** The trust managers, for clients built with their own (the object store's). */
  public TrustManager[] trustManagers() {
    return managers.clone();
  }

  /** An SSL context trusting these authorities. */
  public SSLContext context() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, managers, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
    }
  }

  /** How many certificates are trusted (duplicates included). */
  public int size() {
    return count;
  }

  /**
   * The X.509 certificates of a PEM (or DER) file, for the config check: a file that holds none is
   * an error there, not an untrusted upstream later.
   */
  static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
      List<X509Certificate> x509 = new ArrayList<>();
      for (Certificate c : read) {
        if (c instanceof X509Certificate x) {
          x509.add(x);
        }
      }
      return x509;
    }
  }

  /** A system bundle or SSL_CERT_FILE that cannot be read adds nothing, as for OpenSSL. */
  private static List<X509Certificate> readQuietly(Path file) {
    try {
      return certificates(file);
    } catch (IOException | GeneralSecurityException e) {
      return List.of();
    }
  }

  private static X509TrustManager jdkDefault() throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    for (TrustManager m : factory.getTrustManagers()) {
      if (m instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new GeneralSecurityException("the JDK has no X.509 trust manager");
  }
}
