package dev.jubjub.serve;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.pypi.ProjectName;
import dev.jubjub.store.LastRun;
import dev.jubjub.store.MirrorLayout;
import dev.jubjub.ui.DownloadChart;
import dev.jubjub.ui.HomePage;
import dev.jubjub.ui.Layout;
import dev.jubjub.pypi.ProjectStatus;
import dev.jubjub.ui.ProjectPage;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.OptionalLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The web UI: {@code /} (search box, the mirror's state, the most downloaded projects) and {@code
 * /project/<name>/} (a project from its JSON API copy, with its downloads per day). Everything
 * else goes on to the wrapped handler, {@code /} too for a client that prefers PEP 691 JSON: it
 * is sent on to {@code /simple/} as before.
 */
final class UiHandler extends Handler.Wrapper {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UiHandler.class);
  private static final String HTML = "text/html; charset=utf-8";
  /** Rendered project pages are kept up to this many characters in all, least recently used out. */
  static final long MAX_RENDERED_CHARS = 16L * 1024 * 1024;
  private static final int TOP = 10;
  private final PageCache pages;
  private final Freshness freshness;
  private final TreeCensus census;
  private final DownloadHistory downloads;
  private final boolean jsonCopies;
  private final MirrorLayout layout;
  private final Map<String, Rendered> rendered = new LinkedHashMap<>(64, 0.75f, true);
  private long renderedChars;

  /**
   * Renders at once: a large project's page takes a second of CPU and a tenth of a gigabyte of
   * heap for its JSON tree, so more at a time than there are cores only ran the server out of
   * memory (twenty clients asking for one such page did).
   */
  private final Semaphore rendering = new Semaphore(Runtime.getRuntime().availableProcessors(), true);
  private static final Duration RENDER_WAIT = Duration.ofSeconds(20);

  /**
   * A project page rendered from a copy, good while the copy's version (its time, length and
   * checksum) is the same: a copy too large for the page cache is a new document on each read.
   */
  private record Rendered(String copyVersion, ProjectPage page) {
    long chars() {
      return page.head().length() + page.tail().length();
    }
  }

  UiHandler(Handler next, PageCache pages, Freshness freshness, TreeCensus census, DownloadHistory downloads,
      boolean jsonCopies, boolean hashIndex) {
    super(next);
    this.layout = new MirrorLayout(hashIndex);
    this.pages = pages;
    this.freshness = freshness;
    this.census = census;
    this.downloads = downloads;
    this.jsonCopies = jsonCopies;
  }

  @Override
  public InvocationType getInvocationType() {
    return InvocationType.BLOCKING; // pages read the storage
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
    // A POST to / is an XML-RPC call (pip search --index http://host/): the search handler's.
    boolean home = path.equals("/") && !wantsSimpleApi(request) && !HttpMethod.POST.is(request.getMethod());
    if (!home && !path.equals("/project") && !path.startsWith("/project/")) {
      return super.handle(request, response, callback);
    }
    if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
      return true;
    }
    try {
      if (home) {
        send(request, response, callback, HttpStatus.OK_200, HomePage.html(state(), downloads.top(TOP),
            DownloadHistory.TOP_DAYS));
        return true;
      }
      return project(request, response, callback, path.substring("/project".length()));
    } catch (IOException e) {
      return IndexHandler.storageFailed(request, response, callback, e);
    }
  }

  /**
   * A client asking for the root in one of PEP 691's own types (pip, uv): the index is what it
   * wants, as before; a browser's {@code text/html} or {@code *}{@code /*} gets the home page.
   */
  private static boolean wantsSimpleApi(Request request) {
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    return accept != null
        && Negotiation.choose(accept, List.of(Negotiation.HTML, Negotiation.HTML_V1, Negotiation.JSON))
            .map(type -> !type.equals(Negotiation.HTML)).orElse(false);
  }

  /** {@code rest} is what follows {@code /project}: {@code /<name>/} or a spelling to redirect. */
  private boolean project(Request request, Response response, Callback callback, String rest) throws IOException {
    String[] parts = rest.split("/", -1);
    if (parts.length < 2 || parts[1].isEmpty()) {
      Response.sendRedirect(request, response, callback, HttpStatus.MOVED_PERMANENTLY_301, "/", true);
      return true;
    }
    String name = parts[1];
    if (!ProjectName.isValid(name) || parts.length > 3 || (parts.length == 3 && !parts[2].isEmpty())) {
      return notFound(request, response, callback, "No such page",
          "This mirror has no page here. Search for a project with the box above.");
    }
    String normalized = ProjectName.normalize(name);
    if (!name.equals(normalized) || parts.length == 2) {
      Response.sendRedirect(request, response, callback, HttpStatus.MOVED_PERMANENTLY_301,
          "/project/" + normalized + "/", true);
      return true;
    }
    if (!jsonCopies) {
      return notFound(request, response, callback, normalized, "This mirror keeps no JSON API copies ([mirror] json"
          + " = false), which project pages are made from; the project's files are listed at /simple/" + normalized + "/.");
    }
    Optional<ProjectStatus> status = status(normalized);
    if (status.isPresent() && status.get().quarantined()) {
      // Listed in /simple/ with no files, as PyPI does; its JSON copy is held, not gone.
      send(request, response, callback, HttpStatus.OK_200, Layout.page(normalized, ProjectPage.banner(status.get())
          + "<p class=\"meta\">pip finds no file of it here; the files come back if upstream lifts the quarantine.</p>\n"));
      return true;
    }
    Optional<ProjectPage> page;
    try {
      page = page(normalized);
    } catch (Busy e) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "5");
      send(request, response, callback, HttpStatus.SERVICE_UNAVAILABLE_503, Layout.notice(normalized,
          "This mirror is busy rendering other project pages; try again in a few seconds."));
      return true;
    }
    if (page.isEmpty()) {
      return notFound(request, response, callback, normalized, pages.get(MirrorLayout.jsonFile(normalized)) != null
          ? "The JSON copy of " + normalized + " cannot be read; 'jubjub verify' fetches it again."
          : "This mirror has no project named " + normalized + ".");
    }
    LocalDate from = downloads.firstDay();
    String chart = DownloadChart.svg(from, downloads.today(), downloads.daily(normalized, from));
    send(request, response, callback, HttpStatus.OK_200, page.get().page(status, chart));
    return true;
  }

  /** The PEP 792 status the project's simple page carries, when it is not active. */
  private Optional<ProjectStatus> status(String normalized) throws IOException {
    Pages.Document page = pages.get(layout.simpleDirectory(normalized) + "/index.v1_json");
    if (page == null) {
      return Optional.empty();
    }
    try {
      ProjectStatus status = ProjectStatus.inPage(JsonApiParser.MAPPER.readTree(page.body()));
      return status.active() ? Optional.empty() : Optional.of(status);
    } catch (JacksonException e) {
      return Optional.empty();
    }
  }

  /** The project's page without its chart, rendered again only when its copy changed. */
  private Optional<ProjectPage> page(String normalized) throws IOException {
    Pages.Document copy = pages.get(MirrorLayout.jsonFile(normalized));
    if (copy == null) {
      return Optional.empty();
    }
    String version = copy.etag("");
    Optional<ProjectPage> known = cached(normalized, version);
    if (known.isPresent()) {
      return known;
    }
    try {
      if (!rendering.tryAcquire(RENDER_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new Busy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Busy();
    }
    try {
      known = cached(normalized, version); // rendered by another request while this one waited
      if (known.isPresent()) {
        return known;
      }
      JsonNode root;
      try {
        root = JsonApiParser.MAPPER.readTree(copy.body());
      } catch (JacksonException | CharConversionException e) {
        // Not JSON, or bytes no JSON encoding reads (a NUL-filled copy): the copy's fault, not storage's.
        log.warn("the JSON copy of {} cannot be read: {}", normalized,
            e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage());
        return Optional.empty();
      }
      if (root == null || !root.isObject()) {
        return Optional.empty();
      }
      ProjectPage page = ProjectPage.of(root, normalized);
      remember(normalized, new Rendered(version, page));
      return Optional.of(page);
    } finally {
      rendering.release();
    }
  }

  /** Every render slot stayed taken for {@link #RENDER_WAIT}: answered 503, to be retried. */
  private static final class Busy extends RuntimeException {
    Busy() {
      super("busy rendering other project pages", null, false, false);
    }
  }

  /** The page rendered from this version of the copy, if it is kept. */
  private synchronized Optional<ProjectPage> cached(String normalized, String copyVersion) {
    Rendered known = rendered.get(normalized);
    return known != null && known.copyVersion().equals(copyVersion) ? Optional.of(known.page()) : Optional.empty();
  }

  private synchronized void remember(String normalized, Rendered page) {
    if (page.chars() > MAX_RENDERED_CHARS / 4) {
      return;
    }
    Rendered old = rendered.put(normalized, page);
    renderedChars += page.chars() - (old == null ? 0 : old.chars());
    var eldest = rendered.values().iterator();
    while (renderedChars > MAX_RENDERED_CHARS && eldest.hasNext()) {
      renderedChars -= eldest.next().chars();
      eldest.remove();
    }
  }

  private HomePage.State state() throws IOException {
    Freshness.Snapshot now = freshness.current();
    Optional<TreeCensus.Totals> totals = census.totals();
    Optional<HomePage.Run> run = now.lastRun().map(r -> new HomePage.Run(r.command(), r.finished(), r.ok(),
        r.counts().projectsFailed(), r.failures().stream().limit(20).map(LastRun.Failure::reason).toList(), r.error()));
    return new HomePage.State(Instant.now(), now.serial(), now.lastSuccess(), run,
        totals.map(TreeCensus.Totals::projects).orElse(OptionalLong.empty()),
        totals.map(t -> OptionalLong.of(t.files())).orElse(OptionalLong.empty()),
        totals.map(t -> OptionalLong.of(t.bytes())).orElse(OptionalLong.empty()),
        totals.map(TreeCensus.Totals::scanned));
  }

  private static boolean notFound(Request request, Response response, Callback callback, String title, String message) {
    send(request, response, callback, HttpStatus.NOT_FOUND_404, Layout.notice(title, message));
    return true;
  }

  private static void send(Request request, Response response, Callback callback, int status, byte[] body) {
    response.setStatus(status);
    var headers = response.getHeaders();
    headers.put(HttpHeader.CONTENT_TYPE, HTML);
    headers.put("Content-Security-Policy", Layout.CONTENT_SECURITY_POLICY);
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("Referrer-Policy", "no-referrer");
    // The state and the download counts change from one minute to the next.
    headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
    headers.add(Pages.VARY_ACCEPT);
    headers.put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
  }
}
