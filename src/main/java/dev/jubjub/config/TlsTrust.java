package dev.jubjub.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
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

  private static final long MAX_BUNDLE_BYTES = 16L * 1024 * 1024;
  private static final String PEM_BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String PEM_END = "-----END CERTIFICATE-----";

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
    // A FIFO or /dev/zero would hang or fill the heap; real bundles are a few hundred KB.
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " is not a regular file");
    }
    if (Files.size(file) > MAX_BUNDLE_BYTES) {
      throw new IOException(file + " is larger than " + MAX_BUNDLE_BYTES / (1024 * 1024) + " MiB, too large for a CA bundle");
    }
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> x509 = new ArrayList<>();
    if (!text.contains(PEM_BEGIN)) {
      for (Certificate c : factory.generateCertificates(new java.io.ByteArrayInputStream(bytes))) {
        if (c instanceof X509Certificate x) {
          x509.add(x);
        }
      }
      return x509;
    }
    // Only the certificate blocks: a bundle may also hold keys or comments, as curl's accept.
    for (int at = text.indexOf(PEM_BEGIN); at >= 0; at = text.indexOf(PEM_BEGIN, at + 1)) {
      int end = text.indexOf(PEM_END, at);
      if (end < 0) {
        break;
      }
      byte[] block = text.substring(at, end + PEM_END.length()).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
      if (factory.generateCertificate(new java.io.ByteArrayInputStream(block)) instanceof X509Certificate x) {
        x509.add(x);
      }
    }
    return x509;
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
