package dev.jubjub.serve;

import dev.jubjub.pypi.ProjectName;
import java.io.IOException;
import dev.jubjub.store.MirrorLayout;
import dev.jubjub.store.Storage;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.time.Instant;
import dev.jubjub.index.SnapshotPages;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Routes requests: the simple API and the JSON API are answered here; {@code
 * /packages/} goes to the wrapped static-file handler. Anything else, including any path that
 * tries to leave {@code web/}, is a 404.
 */
final class IndexHandler extends Handler.Wrapper {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IndexHandler.class);
  static final String LAST_SERIAL = "X-PyPI-Last-Serial";
  private final DownloadCounter downloads;
  private final JsonApi jsonApi;
  private final PageCache cache;
  private final MirrorLayout layout;
  /** The local {@code web/} directory's real path, when the tree is local and files go to Jetty. */
  private final Path webReal;
  /** Package files from an object store; null when the wrapped handler serves a local tree. */
  private final StorageFiles storageFiles;
  private final SearchHandler search;
  private final ListingSerial listingSerial;

  /**
   * @param files Jetty's static-file handler over a local tree, or null when the tree is in an
   *     object store
   * @param cache the pages and JSON copies in memory, shared with the web UI
   */
  IndexHandler(Handler files, ServeOptions options, DownloadCounter downloads, PageCache cache)
      throws IOException {
    super(files);
    this.downloads = downloads;
    Storage storage = options.storage();
    this.layout = new MirrorLayout(options.hashIndex());
    Optional<Path> local = storage.localRoot();
    this.webReal = local.isPresent() ? local.get().resolve(MirrorLayout.WEB).toRealPath() : null;
    this.storageFiles = local.isPresent() ? null : new StorageFiles(storage, options.redirectFiles());
    this.cache = cache;
    this.jsonApi = new JsonApi(options, cache);
    this.listingSerial = new ListingSerial(cache);
    this.search = new SearchHandler(options.searchIndex(), listingSerial);
    addBean(search, true);
  }

  /**
   * Blocking: pages and files are read from the storage and written with blocking calls. Jetty
   * runs a handler it believes non-blocking on its selector thread, and over an object store (no
   * wrapped file handler to take the type from) a large file's blocking write then waited for
   * that very thread: every download stalled until a timeout, and the node with it.
   */
  @Override
  public InvocationType getInvocationType() {
    return InvocationType.BLOCKING;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    try {
      return route(request, response, callback);
    } catch (IOException e) {
      return storageFailed(request, response, callback, e);
    }
  }

  /**
   * The storage failed (an object store down or refusing): a 503 a client retries, one log line,
   * no stack trace in a page.
   */
  static boolean storageFailed(Request request, Response response, Callback callback, IOException e)
      throws IOException {
    log.warn("{} {}: the mirror's storage failed: {}", request.getMethod(), request.getHttpURI().getPath(),
        e.getMessage());
    if (response.isCommitted()) {
      throw e;
    }
    response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
    Response.writeError(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503,
        "the mirror's storage is unavailable");
    return true;
  }

  private boolean route(Request request, Response response, Callback callback) throws Exception {
    if (SearchHandler.handles(request)) {
      return search.handle(request, response, callback);
    }
    String method = request.getMethod();
    if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
      return true;
    }
    String path = Request.getPathInContext(request);
    if (path.startsWith("/packages/") && !path.endsWith("/") && !path.contains("/.")) {
      return files(request, response, callback, path);
    }
    if (path.equals("/") || path.equals("/simple")) {
      Response.sendRedirect(request, response, callback, HttpStatus.MOVED_PERMANENTLY_301, "/simple/", true);
      return true;
    }
    if (path.equals("/simple/")) {
      // As PyPI's listing does; the same value XML-RPC changelog_last_serial answers.
      listingSerial.current().ifPresent(serial -> response.getHeaders().put(LAST_SERIAL, Long.toString(serial)));
      return page(request, response, callback, MirrorLayout.SIMPLE, null);
    }
    if (path.startsWith("/simple/")) {
      return project(request, response, callback, path.substring("/simple/".length()));
    }
    if (path.startsWith("/pypi/")) {
      return jsonApi.handle(request, response, callback, path.substring("/pypi/".length()));
    }
    if (path.startsWith(Snapshot.PREFIX)) {
      return snapshot(request, response, callback, path.substring(Snapshot.PREFIX.length()));
    }
    Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
    return true;
  }

  /**
   * {@code /snapshot/<date>/simple/}, {@code .../simple/<project>/} and {@code .../pypi/...}. The
   * root lists every project (cheap, and a client asks only for the ones it needs); a project with
   * no file by that date is a 404, as a project the index did not have yet.
   */
  private boolean snapshot(Request request, Response response, Callback callback, String rest) throws Exception {
    int slash = rest.indexOf('/');
    String date = slash < 0 ? rest : rest.substring(0, slash);
    Optional<Snapshot> snapshot = Snapshot.of(date, Instant.now());
    String tail = slash < 0 ? "" : rest.substring(slash + 1);
    if (snapshot.isEmpty()) {
      if (tail.startsWith("pypi/")) {
        Pages.jsonError(response, callback, HttpStatus.BAD_REQUEST_400, Snapshot.invalid(date));
      } else {
        Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400, Snapshot.invalid(date));
      }
      return true;
    }
    String base = Snapshot.PREFIX + date + "/simple/";
    if (tail.isEmpty() || tail.equals("simple")) {
      Response.sendRedirect(request, response, callback, HttpStatus.MOVED_PERMANENTLY_301, base, true);
      return true;
    }
    if (tail.equals("simple/")) {
      return page(request, response, callback, MirrorLayout.SIMPLE, null);
    }
    if (tail.startsWith("pypi/")) {
      return jsonApi.handle(request, response, callback, tail.substring("pypi/".length()), snapshot.get());
    }
    String name = tail.startsWith("simple/") ? tail.substring("simple/".length(), tail.length() - (tail.endsWith("/") ? 1 : 0)) : "";
    if (!ProjectName.isValid(name)) {
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      return true;
    }
    String normalized = ProjectName.normalize(name);
    if (!name.equals(normalized) || !tail.endsWith("/")) {
      Response.sendRedirect(request, response, callback, HttpStatus.MOVED_PERMANENTLY_301, base + normalized + "/", true);
      return true;
    }
    return snapshotPage(request, response, callback, normalized, snapshot.get());
  }

  /** A project's page as of a snapshot, rendered from its PEP 691 page, in the form Accept prefers. */
  private boolean snapshotPage(Request request, Response response, Callback callback, String normalized,
      Snapshot snapshot) throws Exception {
    Pages.Document page = cache.get(projectDirectory(normalized) + "/index.v1_json");
    Optional<SnapshotPages> asOf = page == null ? Optional.empty() : SnapshotPages.asOf(page.body(), snapshot.end());
    if (asOf.isEmpty()) {
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      return true;
    }
    Optional<String> chosen = Negotiation.choose(request.getHeaders().get(HttpHeader.ACCEPT),
        List.of(Negotiation.HTML, Negotiation.HTML_V1, Negotiation.JSON));
    if (chosen.isEmpty()) {
      response.getHeaders().add(Pages.VARY_ACCEPT);
      Response.writeError(request, response, callback, HttpStatus.NOT_ACCEPTABLE_406);
      return true;
    }
    boolean isJson = chosen.get().equals(Negotiation.JSON);
    String body = isJson ? asOf.get().json() : asOf.get().html();
    Pages.Document doc = new Pages.Document(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), page.lastModified());
    Pages.send(request, response, callback, doc, isJson ? chosen.get() : chosen.get() + "; charset=utf-8",
        isJson ? "j" : chosen.get().equals(Negotiation.HTML) ? "h" : "v", true, snapshot.cacheControl());
    return true;
  }

  /** Files under {@code /packages/}; dot-names (temporary files of a sync) are never served. */
  private boolean files(Request request, Response response, Callback callback, String path) throws Exception {
    String stored = storagePath(path);
    if (stored == null || (webReal != null && !insideWeb(path))) {
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      return true;
    }
    String filename = path.substring(path.lastIndexOf('/') + 1);
    Callback counting = Callback.from(callback, () -> {
      int status = response.getStatus();
      if (HttpMethod.GET.is(request.getMethod()) && (status == 200 || status == 206)
          && request.getHeaders().get(HttpHeader.RANGE) == null) {
        downloads.count(filename);
      }
    });
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "max-age=31536000, public, immutable");
    boolean found = storageFiles != null
        ? storageFiles.handle(request, response, counting, stored)
        : super.handle(request, response, counting);
    if (!found) {
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
    }
    return true;
  }

  /** The storage path of a request path below {@code /packages/}, or null if it is not one. */
  private static String storagePath(String path) {
    try {
      return dev.jubjub.store.StoragePath.check(MirrorLayout.WEB + path);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * A regular file below {@code web/} reached without following any symlink: a link planted in
   * the tree must not expose what it points at.
   */
  private boolean insideWeb(String path) {
    try {
      Path file = webReal.resolve(path.substring(1)).normalize();
      return file.startsWith(webReal)
          && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          && file.toRealPath().equals(file);
    } catch (IOException | InvalidPathException e) {
      return false;
    }
  }

  /** {@code /simple/<name>/}: PEP 503 redirects to the normalized URL, then negotiation. */
  private boolean project(Request request, Response response, Callback callback, String rest) throws Exception {
    String name = rest.endsWith("/") ? rest.substring(0, rest.length() - 1) : rest;
    if (rest.endsWith("/") && ProjectName.isNormalized(name)) {
      return projectPage(request, response, callback, name);
    }
    if (!ProjectName.isValid(name)) {
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      return true;
    }
    String normalized = ProjectName.normalize(name);
    if (!name.equals(normalized) || !rest.endsWith("/")) {
      Response.sendRedirect(
          request, response, callback, HttpStatus.MOVED_PERMANENTLY_301, "/simple/" + normalized + "/", true);
      return true;
    }
    return projectPage(request, response, callback, normalized);
  }

  private boolean movedTo(String fallback) throws IOException {
    return fallback != null
        && (cache.existsNow(fallback + "/index.html") || cache.existsNow(fallback + "/index.v1_json"));
  }

  /**
   * The project's page directory in the configured layout, else in the other one: a mirror run
   * moves the pages when hash-index is switched, and this server goes on serving them, from
   * wherever they are, without a restart.
   */
  private String projectDirectory(String normalized) throws IOException {
    String first = layout.simpleDirectory(normalized);
    String other = layout.otherDirectory(normalized);
    boolean there = cache.exists(first + "/index.html") || cache.exists(first + "/index.v1_json");
    return there || !(cache.exists(other + "/index.html") || cache.exists(other + "/index.v1_json"))
        ? first : other;
  }

  private boolean projectPage(Request request, Response response, Callback callback, String normalized)
      throws Exception {
    String dir = projectDirectory(normalized);
    return page(request, response, callback, dir,
        dir.equals(layout.simpleDirectory(normalized)) ? layout.otherDirectory(normalized) : layout.simpleDirectory(normalized));
  }

  /**
   * Serves the representation of a simple page that the Accept header prefers.
   *
   * @param fallback where else the page may be, looked at on the disk itself when {@code dir} has
   *     none: the existence cache may still remember a layout a run has just moved the pages from
   */
  private boolean page(Request request, Response response, Callback callback, String dir, String fallback)
      throws Exception {
    String html = dir + "/index.html";
    String json = dir + "/index.v1_json";
    List<String> offered = Pages.simpleOffers(cache.exists(html), cache.exists(json));
    if (offered.isEmpty()) {
      if (movedTo(fallback)) {
        return page(request, response, callback, fallback, null);
      }
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      return true;
    }
    Optional<String> chosen = Negotiation.choose(request.getHeaders().get(HttpHeader.ACCEPT), offered);
    if (chosen.isEmpty()) {
      response.getHeaders().add(Pages.VARY_ACCEPT);
      Response.writeError(request, response, callback, HttpStatus.NOT_ACCEPTABLE_406);
      return true;
    }
    Pages.Document doc = cache.get(chosen.get().equals(Negotiation.JSON) ? json : html);
    if (doc == null) {
      if (movedTo(fallback)) {
        return page(request, response, callback, fallback, null);
      }
      Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
      return true;
    }
    Pages.sendSimple(request, response, callback, doc, chosen.get());
    return true;
  }
}
