package dev.jubjub.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.pypi.ProjectName;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code /pypi/<project>/json} and {@code /pypi/<project>/<version>/json} from the mirror's JSON
 * copies, with every file URL pointing at this server (or root_uri), not at upstream.
 */
final class JsonApi {
  /**
   * Rendered answers are kept up to this many bytes in all, least recently used first out: one
   * per project, version and base URL, so neither many Host values nor huge copies can take the
   * heap. An answer above a quarter of it is rendered for each request instead.
   */
  static final long MAX_RENDERED_BYTES = 64L * 1024 * 1024;
  static final String NOT_FOUND = "Not Found";
  static final String NO_COPIES =
      "Not Found: this mirror keeps no JSON API copies ([mirror] json = false); its simple pages are at /simple/";
  private final ServeOptions options;
  private final PageCache cache;
  private final Map<String, Rendered> rendered = new LinkedHashMap<>(64, 0.75f, true);
  private long renderedBytes;

  JsonApi(ServeOptions options, PageCache cache) {
    this.options = options;
    this.cache = cache;
  }

  boolean handle(Request request, Response response, Callback callback, String rest) throws Exception {
    return handle(request, response, callback, rest, null);
  }

  /**
   * @param snapshot the dated snapshot asked for, or null for the current copy: only files
   *     uploaded before its end, and a project with none of them is not found
   */
  boolean handle(Request request, Response response, Callback callback, String rest, Snapshot snapshot)
      throws Exception {
    String[] parts = rest.split("/", -1);
    boolean project = parts.length == 2 && parts[1].equals("json");
    boolean release = parts.length == 3 && parts[2].equals("json") && !parts[1].isEmpty();
    if ((!project && !release) || !ProjectName.isValid(parts[0])) {
      Pages.jsonError(response, callback, HttpStatus.NOT_FOUND_404, NOT_FOUND);
      return true;
    }
    if (!options.jsonApi()) {
      Pages.jsonError(response, callback, HttpStatus.NOT_FOUND_404, NO_COPIES);
      return true;
    }
    Pages.Document copy = cache.get(dev.jubjub.store.MirrorLayout.jsonFile(ProjectName.normalize(parts[0])));
    if (copy == null) {
      Pages.jsonError(response, callback, HttpStatus.NOT_FOUND_404, NOT_FOUND);
      return true;
    }
    String base;
    if (options.rootUri().isPresent()) {
      base = options.rootUri().get();
    } else {
      String authority = request.getHttpURI().getAuthority();
      if (!isPlainAuthority(authority)) {
        Pages.jsonError(response, callback, HttpStatus.BAD_REQUEST_400, "Bad Request: the Host header is not a host name");
        return true;
      }
      base = request.getHttpURI().getScheme() + "://" + authority;
    }
    base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    String version = release ? parts[1] : null;
    String key = ProjectName.normalize(parts[0]) + '\u0000' + base + '\u0000' + version
        + (snapshot == null ? "" : "\u0000" + snapshot.end());
    Rendered answer = cached(key);
    if (answer == null || answer.copy().get() != copy) {
      answer = render(copy, base, version, snapshot);
      if (answer == null) {
        Pages.jsonError(response, callback, HttpStatus.NOT_FOUND_404, NOT_FOUND);
        return true;
      }
      remember(key, answer);
    }
    response.getHeaders().put(IndexHandler.LAST_SERIAL, answer.serial());
    Pages.send(request, response, callback, answer.body(),
        "application/json", Integer.toHexString(base.hashCode()) + (release ? version.hashCode() : ""), false,
        snapshot == null ? Pages.PAGE_CACHE : snapshot.cacheControl());
    return true;
  }

  /** A Host header that is a host name or address with an optional port, and nothing else. */
  static boolean isPlainAuthority(String authority) {
    if (authority == null || authority.isEmpty() || authority.length() > 262) {
      return false;
    }
    for (int i = 0; i < authority.length(); i++) {
      char c = authority.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private synchronized Rendered cached(String key) {
    return rendered.get(key);
  }

  private synchronized void remember(String key, Rendered answer) {
    long size = answer.body().body().length;
    if (size > MAX_RENDERED_BYTES / 4) {
      return;
    }
    Rendered old = rendered.put(key, answer);
    renderedBytes += size - (old == null ? 0 : old.body().body().length);
    var eldest = rendered.entrySet().iterator();
    while (renderedBytes > MAX_RENDERED_BYTES && eldest.hasNext()) {
      renderedBytes -= eldest.next().getValue().body().body().length;
      eldest.remove();
    }
  }

  /**
   * An answer built from a JSON copy; reused while the page cache hands out the same copy (the
   * file has not changed), so the copy is not parsed and rewritten on every request. The copy is
   * held weakly: it is not counted in the bytes above, and an answer no one asks for again (an old
   * Host, a release view) must not keep a replaced copy of many MB alive.
   */
  private record Rendered(WeakReference<Pages.Document> copy, Pages.Document body, String serial) {}

  private static Rendered render(Pages.Document copy, String base, String version, Snapshot snapshot)
      throws IOException {
    JsonNode root = JsonApiParser.MAPPER.readTree(copy.body());
    if (snapshot != null) {
      root = snapshot.copyAsOf(root);
      if (root == null) {
        return null;
      }
    }
    Optional<JsonNode> answer = version == null ? Optional.of(root) : release(root, version);
    if (answer.isEmpty()) {
      return null;
    }
    rewriteUrls(answer.get(), base);
    byte[] body = JsonApiParser.MAPPER.writeValueAsBytes(answer.get());
    return new Rendered(
        new WeakReference<>(copy), new Pages.Document(body, copy.lastModified()), root.path("last_serial").asText("0"));
  }

  /** A release's view: the project's info with this version, and only this release's files. */
  private static Optional<JsonNode> release(JsonNode root, String version) {
    JsonNode files = root.path("releases").path(version);
    if (!files.isArray()) {
      return Optional.empty();
    }
    ObjectNode out = JsonApiParser.MAPPER.createObjectNode();
    ObjectNode info = root.path("info").isObject() ? ((ObjectNode) root.path("info")).deepCopy() : out.putObject("info");
    info.put("version", version);
    out.set("info", info);
    out.set("last_serial", root.path("last_serial"));
    out.set("urls", files.deepCopy());
    out.putArray("vulnerabilities");
    return Optional.of(out);
  }

  private static void rewriteUrls(JsonNode node, String base) {
    if (node.isObject()) {
      JsonNode url = node.get("url");
      if (url != null && url.isTextual()) {
        int at = url.asText().indexOf("/packages/");
        if (at >= 0 && node.has("filename")) {
          ((ObjectNode) node).put("url", base + url.asText().substring(at));
        }
      }
      node.forEach(child -> rewriteUrls(child, base));
    } else if (node.isArray()) {
      node.forEach(child -> rewriteUrls(child, base));
    }
  }
}
