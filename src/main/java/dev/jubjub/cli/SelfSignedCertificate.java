package dev.jubjub.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A key and self-signed certificate for 127.0.0.1, made by the running JDK's keytool (the JDK has
 * no API that makes one): an https server's context ({@link #serverContext()}) and the PEM file its
 * clients are told to trust ({@link #pem()}). For the selftest's index, and the tests'.
 */
record SelfSignedCertificate(Path keyStore, Path pem) {
  private static final char[] PASSWORD = "changeit".toCharArray();

  /** An EC P-256 key valid for two days, in {@code dir}. */
  static SelfSignedCertificate create(Path dir) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    Path store = dir.resolve("server.p12");
    Path pem = dir.resolve("ca.pem");
    keytool(dir, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
    keytool(dir, "-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(), "-storepass",
        new String(PASSWORD), "-file", pem.toString());
    return new SelfSignedCertificate(store, pem);
  }

  SSLContext serverContext() throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      ks.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    return context;
  }

  /** Runs keytool with no terminal to prompt on, its output kept in {@code dir} for the error. */
  private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    if (!Files.isExecutable(keytool)) {
      throw new IOException("no keytool in " + System.getProperty("java.home")); // a runtime linked without it
    }
    List<String> command = new ArrayList<>();
    command.add(keytool.toString());
    command.addAll(List.of(args));
    Path log = dir.resolve("keytool.log");
    Process p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("keytool " + args[0] + " did not finish in 60 s");
    }
    if (p.exitValue() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + Files.readString(log).strip());
    }
  }
}
