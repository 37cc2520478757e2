package dev.jubjub.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.config.TlsTrust;
import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.pypi.MetadataException;
import dev.jubjub.pypi.ProjectMetadata;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.pypi.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Supplier;
import javax.net.ssl.SSLSocketFactory;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A PyPI-compatible index: its listing, project metadata and files. Thread-safe. */
public final class Upstream implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Upstream.class);
  static final String SIMPLE_JSON = "application/vnd.pypi.simple.v1+json";
  /** Core metadata files have no size in the index; real ones are a few KB. */
  static final long MAX_UNSIZED_BYTES = 16L * 1024 * 1024;
  /** PyPI's provenance objects are a few KB (one attestation bundle per publisher). */
  public static final int MAX_PROVENANCE_BYTES = 1024 * 1024;
  public static final String USER_AGENT = "jubjub/0.1 (PyPI mirror; bandersnatch-compatible)";

  /** How to reach upstream; mirrors the {@code [mirror]} options that concern HTTP. */
  public record Settings(
      URI master,
      Optional<URI> proxy,
      Duration timeout,
      Duration globalTimeout,
      Optional<URI> downloadMirror,
      boolean downloadMirrorNoFallback,
      RetryPolicy retry,
      Optional<Path> caBundle) {}

  private final Settings settings;
  private final String base;
  private final HttpFetcher http;

  public Upstream(Settings settings) {
    this(settings, HttpFetcher.MAX_DOCUMENT_BYTES);
  }

  /** With another bound on documents, so tests can refuse one without inflating half a gigabyte. */
  Upstream(Settings settings, int maxDocumentBytes) {
    this.settings = settings;
    this.base = stripSlash(settings.master().toString());
    Proxy proxy = settings.proxy()
        .map(p -> new Proxy(Proxy.Type.HTTP, new InetSocketAddress(p.getHost(), p.getPort() < 0 ? 8080 : p.getPort())))
        .orElse(Proxy.NO_PROXY);
    Optional<PasswordAuthentication> proxyLogin = settings.proxy()
        .map(URI::getUserInfo)
        .map(login -> new PasswordAuthentication(
            login.substring(0, login.indexOf(':')), login.substring(login.indexOf(':') + 1).toCharArray()));
    this.http = new HttpFetcher(proxy, proxyLogin, settings.retry(), settings.timeout(), settings.globalTimeout(),
        USER_AGENT, maxDocumentBytes, tls(settings.caBundle()));
  }

  /** The authorities an https upstream may chain to ({@link TlsTrust}), looked up once, when first needed. */
  private static Supplier<SSLSocketFactory> tls(Optional<Path> caBundle) {
    return new Supplier<>() {
      private SSLSocketFactory factory;

      @Override
      public synchronized SSLSocketFactory get() {
        if (factory == null) {
          factory = TlsTrust.load(caBundle, System.getenv()).context().getSocketFactory();
        }
        return factory;
      }
    };
  }

  /** The full listing: PEP 691 JSON from {@code /simple/}, else XML-RPC. */
  public Listing listProjects() throws UpstreamException {
    return listProjects(Listing.Interest.ALL);
  }

  /** The listing's entries that {@code interest} keeps, with the serial and count of all of them. */
  public Listing listProjects(Listing.Interest interest) throws UpstreamException {
    URI uri = URI.create(base + "/simple/");
    HttpFetcher.Document doc;
    try {
      doc = http.get(uri, SIMPLE_JSON);
    } catch (UpstreamException e) {
      if (e.status() == 404 || e.status() == 406) {
        return xmlRpc().listPackagesWithSerial().keeping(interest);
      }
      throw e;
    }
    if (!doc.header("Content-Type").orElse("").contains("json")) {
      log.info("{} does not serve the PEP 691 JSON listing; using XML-RPC", uri);
      return xmlRpc().listPackagesWithSerial().keeping(interest);
    }
    return ListingParser.parse(uri, doc.body(), interest);
  }

  /**
   * Upstream's serial from XML-RPC {@code changelog_last_serial} (PyPI, the fake, bandersnatch's
   * way of asking), or empty when the upstream does not answer it (a static tree behind nginx,
   * devpi) or the request fails: the caller then reads the listing, which says the same at the
   * cost of PyPI's 880,000 names.
   */
  public OptionalLong lastSerial() {
    try {
      return OptionalLong.of(xmlRpc().changelogLastSerial());
    } catch (UpstreamException e) {
      log.debug("No serial by XML-RPC ({}); reading the listing", e.getMessage());
      return OptionalLong.empty();
    }
  }

  XmlRpcClient xmlRpc() {
    return new XmlRpcClient(http, URI.create(base + "/pypi"));
  }

  /**
   * The JSON API document of a project, at least as new as {@code requiredSerial}. A CDN may
   * serve an older copy; then the request is repeated with a query string that bypasses caches.
   *
   * @param name as the listing spells it: the JSON API redirects any other spelling to it
   * @param heap the project's share of the heap, taken before a large document is parsed and held
   *     until its pages are written
   * @param coreMetadata also read the project's PEP 691 page, the only place that gives the
   *     sha256 of its PEP 658 metadata files (one more request); without it no file has any
   */
  public ProjectMetadata project(
      ProjectName name, long requiredSerial, boolean coreMetadata, HeapBudget.Lease heap)
      throws UpstreamException, MetadataException {
    return project(name, requiredSerial, coreMetadata, heap, () -> page(name, requiredSerial));
  }

  /** The PEP 691 page, as a caller reading it in parallel hands it over. */
  @FunctionalInterface
  public interface PageSource {
    ProjectPage get() throws UpstreamException, MetadataException;
  }

  /** @param page asked only when the JSON API lacks core-metadata hashes that are wanted */
  public ProjectMetadata project(
      ProjectName name, long requiredSerial, boolean coreMetadata, HeapBudget.Lease heap, PageSource page)
      throws UpstreamException, MetadataException {
    URI uri = URI.create(base + "/pypi/" + name.display() + "/json");
    HttpFetcher.Document doc = http.get(uri, "application/json", HeapBudget.documentLimit());
    if (serial(doc) < requiredSerial) {
      URI busted = URI.create(uri + "?serial=" + requiredSerial);
      log.debug("{}: stale (serial {} < {}); retrying {}", name, serial(doc), requiredSerial, busted);
      doc = http.get(busted, "application/json", HeapBudget.documentLimit());
      if (serial(doc) < requiredSerial) {
        throw new UpstreamException(busted, staleness(doc, requiredSerial), null);
      }
    }
    ProjectMetadata project;
    try {
      heap.reserve(name, doc.uri(), doc.body());
      project = JsonApiParser.parse(name, doc.body(), Map.of());
    } catch (MetadataException e) {
      // The parser knows the project, not where its document came from.
      if (e.getMessage().contains(doc.uri().toString())) {
        throw e;
      }
      throw new MetadataException(e.getMessage() + " (" + doc.uri() + ")", e);
    }
    if (!coreMetadata) {
      return project.withFiles(DistFile::withoutCoreMetadata);
    }
    if (JsonApiParser.carriesCoreMetadata(project.json())) {
      return project;
    }
    // An upstream whose JSON API predates core-metadata: the PEP 691 page has the hashes.
    Map<String, String> hashes = page.get().coreMetadata();
    return project.withFiles(f -> f.withCoreMetadata(Optional.ofNullable(hashes.get(f.filename()))));
  }

  /**
   * An answer without a serial is rarely an old copy: an error page of a proxy or captive portal
   * has none, and saying "stale" would send the user looking at the wrong thing.
   */
  private static String staleness(HttpFetcher.Document doc, long requiredSerial) {
    if (doc.header("X-PyPI-Last-Serial").isEmpty()) {
      return "no X-PyPI-Last-Serial header (Content-Type "
          + doc.header("Content-Type").map(ProjectName::printable).orElse("none") + "), expected serial "
          + requiredSerial + " or newer";
    }
    return "stale metadata: serial " + serial(doc) + ", expected at least " + requiredSerial;
  }

  private static long serial(HttpFetcher.Document doc) {
    return doc.header("X-PyPI-Last-Serial")
        .filter(v -> v.matches("\\d{1,18}"))
        .map(Long::parseLong)
        .orElse(-1L);
  }

  /**
   * The project's PEP 691 page: its PEP 792 status, core metadata hashes and provenance URLs. An
   * upstream without that page (404/406, or HTML only) has nothing to add: {@link ProjectPage#NONE}.
   * PyPI keeps a quarantined project's page (with no files) while its JSON API answers 404.
   */
  public ProjectPage page(ProjectName name, long requiredSerial) throws UpstreamException, MetadataException {
    URI uri = pageUri(name);
    HttpFetcher.Document doc;
    try {
      doc = http.get(uri, SIMPLE_JSON, HeapBudget.documentLimit());
      if (serial(doc) >= 0 && serial(doc) < requiredSerial) {
        // A CDN's older copy: its status could be out of date, so ask past the cache once.
        doc = http.get(URI.create(uri + "?serial=" + requiredSerial), SIMPLE_JSON, HeapBudget.documentLimit());
      }
    } catch (UpstreamException e) {
      if (e.status() == 404 || e.status() == 406) {
        return ProjectPage.NONE;
      }
      throw e;
    }
    if (!doc.header("Content-Type").orElse("").contains("json")) {
      return ProjectPage.NONE;
    }
    try {
      ProjectPage page = ProjectPageReader.read(doc.body());
      return page.serial() >= 0 ? page
          : new ProjectPage(serial(doc), page.status(), page.coreMetadata(), page.provenance());
    } catch (IOException e) {
      throw new MetadataException("project " + name + ": malformed simple page " + uri, e);
    }
  }

  private URI pageUri(ProjectName name) {
    return URI.create(base + "/simple/" + name.normalized() + "/");
  }

  /**
   * Downloads a file's PEP 740 provenance object: at most {@link #MAX_PROVENANCE_BYTES}, a JSON
   * object, from upstream's own host (a page could name any URL: a cloud metadata address, a file
   * URL). Where it is stored is the caller's choice, never derived from the URL.
   *
   * @param url as the project page gives it, relative to the page or absolute
   */
  public long downloadProvenance(ProjectName project, String url, DownloadSink sink) throws UpstreamException {
    URI resolved = provenanceUri(project, url);
    return http.streamWithoutRedirects(resolved, (in, headers) -> copyJson(in, sink));
  }

  /** The provenance URL resolved against the page, if it stays on upstream's scheme, host and port. */
  URI provenanceUri(ProjectName project, String url) throws UpstreamException {
    URI page = pageUri(project);
    URI resolved;
    try {
      resolved = page.resolve(new URI(url)).normalize();
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      throw new UpstreamException(page, "provenance URL " + ProjectName.printable(url) + " refused: not a URL", null);
    }
    URI master = settings.master();
    boolean sameOrigin = resolved.getScheme() != null && resolved.getScheme().equalsIgnoreCase(master.getScheme())
        && resolved.getHost() != null && resolved.getHost().equalsIgnoreCase(master.getHost())
        && resolved.getPort() == master.getPort() && resolved.getRawUserInfo() == null
        && resolved.getPath() != null && !(resolved.getPath() + "/").contains("/../");
    if (!sameOrigin) {
      throw new UpstreamException(page, "provenance URL " + ProjectName.printable(url)
          + " refused: not on the upstream " + master, null);
    }
    return resolved;
  }

  /** Refusals are not retried: the same bytes would come again, and the next run tries anew. */
  private static long copyJson(InputStream in, DownloadSink sink)
      throws IOException, HttpFetcher.VerificationException {
    byte[] body = in.readNBytes(MAX_PROVENANCE_BYTES + 1);
    if (body.length > MAX_PROVENANCE_BYTES) {
      throw new HttpFetcher.RefusedException("provenance refused: larger than " + MAX_PROVENANCE_BYTES + " bytes");
    }
    try {
      if (!JsonApiParser.MAPPER.readTree(body).isObject()) {
        throw new HttpFetcher.RefusedException("provenance refused: not a JSON object");
      }
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new HttpFetcher.RefusedException("provenance refused: not JSON: " + e.getOriginalMessage());
    }
    try (DownloadSink.Write write = sink.begin()) {
      write.stream().write(body);
      write.commit();
    }
    return body.length;
  }

  /** Where to fetch a path below {@code /packages/}: the download mirror first, if any. */
  List<URI> candidates(URI upstreamUrl) {
    List<URI> urls = new ArrayList<>();
    settings
        .downloadMirror()
        .ifPresent(m -> urls.add(URI.create(stripSlash(m.toString()) + upstreamUrl.getRawPath())));
    if (urls.isEmpty() || !settings.downloadMirrorNoFallback()) {
      urls.add(upstreamUrl);
    }
    return urls;
  }

  /** Downloads a distribution file, verifies size and sha256, then commits it to {@code sink}. */
  public long download(DistFile file, DownloadSink sink) throws UpstreamException {
    return fetchVerified(candidates(file.url()), file.size(), file.sha256(), sink);
  }

  /** Downloads the PEP 658 metadata file that sits next to a distribution file. */
  public long downloadCoreMetadata(DistFile file, DownloadSink sink) throws UpstreamException {
    URI url = URI.create(file.url() + ".metadata");
    return fetchVerified(candidates(url), -1, file.coreMetadataSha256().orElseThrow(), sink);
  }

  private long fetchVerified(List<URI> urls, long size, String sha256, DownloadSink sink)
      throws UpstreamException {
    UpstreamException last = null;
    for (URI url : urls) {
      try {
        return http.stream(url, (in, headers) -> copyVerified(in, size, sha256, sink));
      } catch (UpstreamException e) {
        last = e;
        if (urls.size() > 1) {
          log.info("{}: {}; trying the next source", url, e.getMessage());
        }
      }
    }
    throw last;
  }

  private static long copyVerified(InputStream in, long size, String sha256, DownloadSink sink)
      throws IOException, HttpFetcher.VerificationException {
    MessageDigest digest = Sha256.newDigest();
    long total = 0;
    // Reads fail as upstream (retried); the sink's failures are its own (unchecked, not retried).
    try (DownloadSink.Write write = sink.begin()) {
      OutputStream out = write.stream();
      byte[] buffer = new byte[128 * 1024];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        total += n;
        if (size >= 0 && total > size) {
          throw new HttpFetcher.VerificationException("more bytes than the expected " + size);
        }
        if (size < 0 && total > MAX_UNSIZED_BYTES) {
          throw new HttpFetcher.VerificationException("larger than " + MAX_UNSIZED_BYTES + " bytes");
        }
        digest.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
      if (size >= 0 && total != size) {
        throw new HttpFetcher.VerificationException("got " + total + " of " + size + " bytes");
      }
      String actual = Sha256.hex(digest);
      if (!actual.equals(sha256)) {
        throw new HttpFetcher.VerificationException("sha256 mismatch: got " + actual);
      }
      write.commit();
    }
    return total;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  @Override
  public void close() {
    http.close();
  }
}
