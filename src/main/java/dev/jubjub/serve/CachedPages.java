package dev.jubjub.serve;

import dev.jubjub.pypi.ProjectName;
import dev.jubjub.store.MirrorLayout;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Simple pages answered from memory ({@link Dispatch}): {@code GET} or {@code HEAD
 * /simple/<normalized>/}, as {@link IndexHandler} answers it, when the page cache holds a current
 * answer. Anything that would need the storage (a page not read or not checked within the second,
 * the other hash-index layout, a 406) goes on through the chain, untouched. It runs on Jetty's pool
 * like every handler, so the limits a selector thread would need (page size, header length, gzip
 * made beforehand) have no place here.
 */
final class CachedPages implements Dispatch.FromMemory {
  private final PageCache cache;
  private final MirrorLayout layout;

  CachedPages(PageCache cache, MirrorLayout layout) {
    this.cache = cache;
    this.layout = layout;
  }

  @Override
  public boolean answer(Request request, Response response, Callback callback) {
    String method = request.getMethod();
    if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
      return false;
    }
    String path = Request.getPathInContext(request);
    if (path.length() <= "/simple/".length() || !path.startsWith("/simple/") || !path.endsWith("/")) {
      return false;
    }
    String name = path.substring("/simple/".length(), path.length() - 1);
    if (!ProjectName.isNormalized(name)) {
      return false;
    }
    String dir = layout.simpleDirectory(name);
    Boolean html = cache.existsInMemory(dir + "/index.html");
    Boolean json = cache.existsInMemory(dir + "/index.v1_json");
    if (html == null || json == null || (!html && !json)) {
      return false;
    }
    Optional<String> chosen = Negotiation.choose(request.getHeaders().get(HttpHeader.ACCEPT), Pages.simpleOffers(html, json));
    if (chosen.isEmpty()) {
      return false;
    }
    Pages.Document doc = cache.getInMemory(dir + (chosen.get().equals(Negotiation.JSON) ? "/index.v1_json" : "/index.html"));
    if (doc == null) {
      return false;
    }
    Pages.sendSimple(request, response, callback, doc, chosen.get());
    return true;
  }
}
