package dev.jubjub.e2e;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real static web server over a mirror's {@code web/}: nginx (Debian package) or {@code python3
 * -m http.server}, the two ways bandersnatch mirrors are commonly served.
 */
final class StaticServer implements AutoCloseable {
  /** The nginx site an operator installs; tests run that file, with only its port and root changed. */
  static final Path CONTRIB_SITE = Path.of("contrib/nginx/jubjub.conf");

  private final Process process;
  final int port;

  private StaticServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static Path binary() {
    for (String candidate : new String[] {"/usr/sbin/nginx", "/usr/bin/nginx"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return Path.of(candidate);
      }
    }
    throw new AssertionError("nginx is not installed: run 'apt-get install nginx-light' (see README)");
  }

  /**
   * nginx serving {@code web} with {@link #CONTRIB_SITE} on a loopback port. Its access log
   * ({@code workDir/access.log}) gives status, Content-Type, Accept and URI of every request.
   */
  static StaticServer nginx(Path web, Path workDir) throws IOException, InterruptedException {
    int port = Processes.freePort();
    Files.createDirectories(workDir);
    String site = Files.readString(CONTRIB_SITE);
    site = replaceOnce(site, "(?m)^(\\s*)listen 80;$", "$1listen 127.0.0.1:" + port + ";");
    site = replaceOnce(site, "(?m)^\\s*listen \\[::\\]:80;\\n", "");
    String root = Matcher.quoteReplacement(web.toAbsolutePath().toString());
    site = replaceOnce(site, "(?m)^(\\s*)root /srv/pypi/web;$", "$1root " + root + ";");
    Path siteFile = Files.writeString(workDir.resolve("site.conf"), site);
    return start(workDir, port,
        """
          include /etc/nginx/mime.types;
          default_type application/octet-stream;
          log_format negotiated '$status $sent_http_content_type "$http_accept" $request_uri';
          access_log %1$s/access.log negotiated;
          include %2$s;
        """
            .formatted(workDir.toAbsolutePath(), siteFile.toAbsolutePath()));
  }

  /** nginx with its files in {@code workDir} and {@code http} inside its http block, listening on {@code port}. */
  private static StaticServer start(Path workDir, int port, String http) throws IOException, InterruptedException {
    String conf =
        """
        daemon off;
        worker_processes 1;
        pid %1$s/nginx.pid;
        error_log %1$s/error.log;
        events { worker_connections 256; }
        http {
          client_body_temp_path %1$s/body;
          proxy_temp_path %1$s/proxy;
          fastcgi_temp_path %1$s/fastcgi;
          uwsgi_temp_path %1$s/uwsgi;
          scgi_temp_path %1$s/scgi;
        %2$s}
        """
            .formatted(workDir.toAbsolutePath(), http);
    Path confFile = Files.writeString(workDir.resolve("nginx.conf"), conf);
    Process p =
        new ProcessBuilder(binary().toString(), "-c", confFile.toString(), "-p", workDir.toString())
            .redirectErrorStream(true)
            .redirectOutput(workDir.resolve("stdout.log").toFile())
            .start();
    waitForPort(port, p);
    return new StaticServer(p, port);
  }

  /** The site file must still hold the line a test rewrites, exactly once. */
  private static String replaceOnce(String text, String regex, String replacement) {
    long count = Pattern.compile(regex).matcher(text).results().count();
    if (count != 1) {
      throw new AssertionError(CONTRIB_SITE + " has " + count + " lines matching " + regex + ", not one");
    }
    return text.replaceFirst(regex, replacement);
  }

  static StaticServer pythonHttpServer(Path web, Path log) throws IOException, InterruptedException {
    int port = Processes.freePort();
    ProcessBuilder pb =
        new ProcessBuilder(
                "python3", "-m", "http.server", "--bind", "127.0.0.1", "--directory",
                web.toString(), Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    Processes.isolate(pb.environment());
    Process p = pb.start();
    waitForPort(port, p);
    return new StaticServer(p, port);
  }

  /**
   * nginx in front of {@code upstream} as pypi.org's CDN is: TLS 1.3, HTTP/2, a key and certificate
   * for 127.0.0.1 made by keytool ({@code workDir/cert.pem}, for clients to trust). Its access log
   * ({@code workDir/access.log}) gives, per request: TLS protocol, HTTP protocol, status,
   * Content-Encoding, user agent, URI.
   */
  static StaticServer tlsProxy(java.net.URI upstream, Path workDir) throws Exception {
    int port = Processes.freePort();
    Files.createDirectories(workDir);
    Path store = workDir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
        "-ext", "san=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", "changeit").redirectErrorStream(true).redirectOutput(workDir.resolve("keytool.log").toFile())
        .start();
    if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      throw new IOException("keytool failed: " + Files.readString(workDir.resolve("keytool.log")));
    }
    java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
    try (var in = Files.newInputStream(store)) {
      ks.load(in, "changeit".toCharArray());
    }
    Path key = Files.writeString(workDir.resolve("key.pem"),
        pem("PRIVATE KEY", ks.getKey("server", "changeit".toCharArray()).getEncoded()));
    Path cert = Files.writeString(workDir.resolve("cert.pem"), pem("CERTIFICATE", ks.getCertificate("server").getEncoded()));
    return start(workDir, port,
        """
          log_format wire '$ssl_protocol $server_protocol $status "$sent_http_content_encoding" "$http_user_agent" $uri';
          access_log %1$s/access.log wire;
          server {
            listen 127.0.0.1:%2$d ssl http2;
            ssl_certificate %3$s;
            ssl_certificate_key %4$s;
            ssl_protocols TLSv1.3;
            location / {
              proxy_pass http://%5$s;
              proxy_http_version 1.1;
              proxy_set_header Connection "";
              proxy_max_temp_file_size 0;
            }
          }
        """
            .formatted(workDir.toAbsolutePath(), port, cert.toAbsolutePath(), key.toAbsolutePath(),
                upstream.getAuthority()));
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  static void waitForPort(int port, Process p) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new IOException("server exited with " + p.exitValue() + " before listening on " + port);
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        Thread.sleep(50);
      }
    }
    throw new IOException("nothing listening on " + port);
  }

  String indexUrl() {
    return "http://127.0.0.1:" + port + "/simple/";
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor(10, TimeUnit.SECONDS);
    process.destroyForcibly();
  }
}
