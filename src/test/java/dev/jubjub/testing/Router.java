package dev.jubjub.testing;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps a request to PyPI's answer: simple API, JSON API, XML-RPC, files and metadata files. */
final class Router {
  private static final Pattern SIMPLE_PROJECT = Pattern.compile("/simple/([^/]+)(/?)");
  private static final Pattern JSON_PROJECT = Pattern.compile("/pypi/([^/]+)/json/?");
  private static final Pattern JSON_RELEASE = Pattern.compile("/pypi/([^/]+)/([^/]+)/json/?");
  private static final String METADATA = ".metadata";
  private static final Pattern INTEGRITY = Pattern.compile("/integrity/([^/]+)/([^/]+)/([^/]+)/provenance");

  record Request(String method, String path, String query, String accept, byte[] body) {}

  private final FakePyPI server;

  Router(FakePyPI server) {
    this.server = server;
  }

  Response route(Request request) {
    String path = request.path();
    boolean read = request.method().equals("GET") || request.method().equals("HEAD");
    if (path.startsWith("/packages/")) {
      return read ? file(path.substring(1)) : Response.text(405, "405 Method Not Allowed");
    }
    if (server.filesOnly()) {
      return Response.notFound();
    }
    if (path.equals("/pypi") || path.equals("/pypi/") || path.equals("/RPC2")) {
      return request.method().equals("POST")
          ? XmlRpc.handle(request.body(), server.universe())
          : Response.text(405, "405 Method Not Allowed");
    }
    if (!read) {
      return Response.text(405, "405 Method Not Allowed");
    }
    if (path.equals("/simple")) {
      return Response.redirect("/simple/");
    }
    if (path.equals("/simple/")) {
      return SimpleApi.index(server.universe().listing(), SimpleApi.negotiate(request.accept()))
          .withHeader("Vary", "Accept");
    }
    Matcher m;
    if ((m = SIMPLE_PROJECT.matcher(path)).matches()) {
      return simpleProject(m.group(1), !m.group(2).isEmpty(), request.accept());
    }
    if ((m = JSON_PROJECT.matcher(path)).matches()) {
      return jsonProject(m.group(1), null, request.query());
    }
    if ((m = JSON_RELEASE.matcher(path)).matches()) {
      return jsonProject(m.group(1), m.group(2), request.query());
    }
    if ((m = INTEGRITY.matcher(path)).matches()) {
      return server.universe().provenance(m.group(3))
          .map(p -> Response.ok("application/json", p.body()))
          .orElseGet(Response::notFound);
    }
    return Response.notFound();
  }

  private Response simpleProject(String name, boolean slash, String accept) {
    Optional<UpstreamProject> project = server.universe().project(name);
    if (project.isEmpty()) {
      return Response.notFound();
    }
    String normalized = project.get().normalizedName();
    if (!slash || !name.equals(normalized)) {
      return Response.redirect("/simple/" + normalized + "/");
    }
    Universe universe = server.universe();
    return SimpleApi.project(project.get(), SimpleApi.negotiate(accept), server.filesBase(),
            new SimpleApi.Extras(universe.status(normalized), f -> universe.provenance(f.filename())
                .map(p -> p.url() != null ? p.url()
                    : server.baseUri() + "integrity/" + normalized + "/" + f.version() + "/" + f.filename() + "/provenance")))
        .withHeader("Vary", "Accept");
  }

  /**
   * A request without a query string may get a stale snapshot, as from a CDN; a query string
   * (the mirror's cache buster) always reaches the origin. Like PyPI, a name spelled other than
   * the display name is redirected to it, query kept.
   */
  private Response jsonProject(String name, String version, String query) {
    Optional<UpstreamProject> project = Optional.empty();
    if (query == null) {
      project = server.staleSnapshot(Names.normalize(name));
    }
    if (project.isEmpty()) {
      project = server.universe().project(name);
    }
    if (project.isEmpty()) {
      return Response.notFound();
    }
    UpstreamProject p = project.get();
    if (server.universe().status(p.name()).quarantined()) {
      return Response.notFound(); // as PyPI answers for a quarantined project
    }
    if (server.redirectsJsonToDisplayName() && !name.equals(p.name())) {
      String target = "/pypi/" + p.name() + (version == null ? "" : "/" + version) + "/json";
      return Response.redirect(query == null ? target : target + "?" + query);
    }
    if (version == null) {
      return JsonApi.project(p, server.filesBase(), server.coreMetadataInJson()).orElseGet(Response::notFound);
    }
    return p.release(version).map(r -> JsonApi.release(p, r, server.filesBase())).orElseGet(Response::notFound);
  }

  private Response file(String urlPath) {
    Universe universe = server.universe();
    if (urlPath.endsWith(METADATA)) {
      var owner = universe.fileAt(urlPath.substring(0, urlPath.length() - METADATA.length()));
      if (owner.isPresent() && owner.get().coreMetadata() != null) {
        return Response.ok("application/octet-stream", owner.get().coreMetadata());
      }
    }
    return universe.fileAt(urlPath)
        .filter(UpstreamFile::present)
        .map(f -> Response.ok("application/octet-stream", f.content()))
        .orElseGet(Response::notFound);
  }
}
