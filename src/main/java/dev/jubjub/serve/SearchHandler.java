package dev.jubjub.serve;

import dev.jubjub.search.ProjectSearch;
import dev.jubjub.search.SearchResults;
import dev.jubjub.search.SearchUnavailableException;
import dev.jubjub.search.XmlRpcSearch;
import dev.jubjub.ui.Layout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.Set;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * {@code /search} (HTML, or JSON when asked) and PyPI's XML-RPC endpoint: {@code search} for
 * {@code pip search} and {@code changelog_last_serial} for a mirror of this one. XML-RPC is
 * answered at {@code /pypi}, {@code /pypi/}, {@code /RPC2} and {@code /simple/} (the index URL a
 * user knows, which pip search posts to when given it), and at {@code /} for a POST that
 * is an XML-RPC call ({@code pip search --index http://host/}). Without an index, {@code /search}
 * answers 503 and XML-RPC {@code search} a fault, each saying to run {@code jubjub index}. Owns
 * the index's read side and closes it when the server stops.
 */
final class SearchHandler extends AbstractLifeCycle {
  static final int PAGE_SIZE = 20;
  private static final String JSON = "application/json";
  private static final Set<String> XML_RPC_PATHS = Set.of("/pypi", "/pypi/", "/RPC2");
  /** Paths whose GET is another handler's: only a POST there is XML-RPC. */
  private static final Set<String> POSTED_PATHS = Set.of("/", "/simple", "/simple/");
  /**
   * How much of a body past the XML-RPC bound is read and dropped, so that its answer is not lost
   * to a reset (see {@link BoundedBody}); a longer body closes the connection unread.
   */
  private static final long DRAINED_BYTES = 4L << 20;
  /** Null when the config names no index directory (a mirror in object storage without one). */
  private final ProjectSearch search;
  private final Map<String, XmlRpcSearch.Method> methods;
  /** Where an XML-RPC call is answered once its body is in (a search is CPU work, not I/O). */
  private final ExecutorService answering = Executors.newVirtualThreadPerTaskExecutor();

  SearchHandler(Optional<Path> indexDirectory, ListingSerial serial) {
    this.search = indexDirectory.map(ProjectSearch::new).orElse(null);
    this.methods = Map.of(
        "search", search != null ? XmlRpcSearch.search(search) : params -> {
          throw new XmlRpcSearch.Fault(XmlRpcSearch.SERVER_ERROR, notConfigured());
        },
        "changelog_last_serial", params -> XmlRpcSearch.integer(serial.current().orElseThrow(
            () -> new XmlRpcSearch.Fault(XmlRpcSearch.SERVER_ERROR, "this mirror has no serial: its root listing"
                + " /simple/ in JSON (simple-format with json) is missing or unreadable"))));
  }

  /** Ours: {@code /search}, the XML-RPC paths, and any POST to {@code /} (the web UI takes no POST). */
  static boolean handles(Request request) {
    String path = Request.getPathInContext(request);
    return path.equals("/search") || XML_RPC_PATHS.contains(path)
        || (POSTED_PATHS.contains(path) && HttpMethod.POST.is(request.getMethod()));
  }

  boolean handle(Request request, Response response, Callback callback) throws IOException {
    String path = Request.getPathInContext(request);
    if (path.equals("/search")) {
      return page(request, response, callback);
    }
    if (!HttpMethod.POST.is(request.getMethod())) {
      return xmlRpcAnswer(request, response, callback, XmlRpcSearch.notPost(request.getMethod()));
    }
    // Read without holding a thread: a client trickling its body must not tie one up (two hundred
    // such clients took every thread of the server, pip's requests for pages and files included).
    BoundedBody.read(request, XmlRpcSearch.MAX_REQUEST_BYTES, DRAINED_BYTES).whenCompleteAsync((read, failure) -> {
      try {
        if (read == null || !read.toTheEnd()) {
          // Said, so that a client does not send its next request on a connection that closes.
          response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        }
        String type = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (POSTED_PATHS.contains(path) && !XmlRpcSearch.looksLikeCall(type, read == null ? new byte[0] : read.kept())) {
          // Not XML-RPC: the answer a POST to the web UI or the index always had.
          response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
          Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
        } else if (failure != null || read.tooLarge()) {
          xmlRpcAnswer(request, response, callback, XmlRpcSearch.fault(XmlRpcSearch.PARSE_ERROR,
              "request too large (over " + XmlRpcSearch.MAX_REQUEST_BYTES + " bytes) or not received whole"));
        } else {
          xmlRpcAnswer(request, response, callback, XmlRpcSearch.answer(read.kept(), methods));
        }
      } catch (IOException | RuntimeException e) {
        callback.failed(e);
      }
    }, answering);
    return true;
  }

  /** A fault is an answer too: HTTP 200, as XML-RPC wants, so clients show the message. */
  private static boolean xmlRpcAnswer(Request request, Response response, Callback callback, byte[] answer) {
    response.setStatus(HttpStatus.OK_200);
    send(request, response, callback, "text/xml; charset=utf-8", answer);
    return true;
  }

  private boolean page(Request request, Response response, Callback callback) throws IOException {
    if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
      return true;
    }
    Fields params = Request.extractQueryParameters(request);
    String query = Optional.ofNullable(params.getValue("q")).orElse("").strip();
    boolean json = wantsJson(request, params.getValue("format"));
    response.getHeaders().add(Pages.VARY_ACCEPT);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    int page;
    try {
      page = Integer.parseInt(Optional.ofNullable(params.getValue("page")).orElse("1").strip());
    } catch (NumberFormatException e) {
      // Digits past int: a page past the last, which is empty.
      page = params.getValue("page").strip().matches("\\d{1,100}") ? Integer.MAX_VALUE : 0;
    }
    if (page < 1) {
      return fail(request, response, callback, json, query, HttpStatus.BAD_REQUEST_400, "page must be a number from 1");
    }
    if (search == null) {
      return fail(request, response, callback, json, query, HttpStatus.SERVICE_UNAVAILABLE_503, notConfigured());
    }
    SearchResults results = null;
    try {
      if (!query.isEmpty() || json) {
        results = search.search(query, page, PAGE_SIZE, true, true);
      }
      // Also for an empty box: a missing or empty index is said at once. Counted only when there
      // is no hit, so a search takes the index once.
      if ((results == null || results.total() == 0) && search.projects() == 0) {
        return fail(request, response, callback, json, query, HttpStatus.SERVICE_UNAVAILABLE_503, ProjectSearch.EMPTY_INDEX);
      }
    } catch (SearchUnavailableException e) {
      return fail(request, response, callback, json, query, HttpStatus.SERVICE_UNAVAILABLE_503, e.getMessage());
    } catch (IllegalArgumentException e) {
      return fail(request, response, callback, json, query, HttpStatus.BAD_REQUEST_400, e.getMessage());
    }
    response.setStatus(HttpStatus.OK_200);
    return answer(request, response, callback, json, json ? SearchPage.json(results) : SearchPage.html(query, results));
  }

  private static String notConfigured() {
    return "search is not available: no search index is configured; set [search] index-directory (needed for a"
        + " mirror in object storage) and run jubjub index";
  }

  /** {@code ?format=json|html} decides; else the Accept header, HTML on a tie (a browser). */
  private static boolean wantsJson(Request request, String format) {
    if (format != null) {
      return format.equalsIgnoreCase("json");
    }
    return Negotiation.choose(request.getHeaders().get(HttpHeader.ACCEPT), List.of(Negotiation.HTML, JSON))
        .map(JSON::equals).orElse(false);
  }

  private static boolean fail(Request request, Response response, Callback callback, boolean json, String query,
      int status, String message) throws IOException {
    response.setStatus(status);
    return answer(request, response, callback, json,
        json ? SearchPage.jsonError(message) : SearchPage.notice(query, message));
  }

  private static boolean answer(Request request, Response response, Callback callback, boolean json, byte[] body) {
    if (!json) {
      response.getHeaders().put("Content-Security-Policy", Layout.CONTENT_SECURITY_POLICY);
    }
    send(request, response, callback, json ? JSON : "text/html; charset=utf-8", body);
    return true;
  }

  private static void send(Request request, Response response, Callback callback, String type, byte[] body) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? null : ByteBuffer.wrap(body), callback);
  }

  @Override
  protected void doStop() throws Exception {
    answering.shutdown();
    if (search != null) {
      search.close();
    }
  }
}
