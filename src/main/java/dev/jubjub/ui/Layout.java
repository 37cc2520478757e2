package dev.jubjub.ui;

import java.nio.charset.StandardCharsets;

/**
 * The frame every HTML page of the server shares: head with the inline style sheet, a header with
 * the search box, and the end. Pages need no script and load nothing, from here or elsewhere: the
 * style is inline and charts are inline SVG.
 */
public final class Layout {
  /** Scripts, frames and remote content are off even if an escape were ever missed. */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; base-uri 'none';"
          + " frame-ancestors 'none'";
  private static final String STYLE = """
      body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:0 auto;padding:0 1rem 2rem;color:#222}
      header{display:flex;gap:1rem;align-items:center;border-bottom:1px solid #ddd;padding:.5rem 0;flex-wrap:wrap}
      header .home{font-weight:bold;text-decoration:none;color:#222}
      form{display:flex;gap:.5rem;margin:.5rem 0;flex:1;min-width:16rem}input{flex:1;font:inherit;padding:.4rem}
      button{font:inherit;padding:.4rem 1rem}ol{padding-left:1.5rem}li{margin:0 0 .4rem}
      ol.results li{margin:0 0 1.2rem}
      h2{font-size:1.1rem;margin:1.2rem 0 .4rem}.version,.meta,.count{color:#666;font-size:.9rem}
      p{margin:.2rem 0}.snippet{font-size:.9rem;color:#444}mark{background:#fe6;padding:0 .1em}
      nav a,nav strong{margin-right:.6rem}.notice{padding:1rem;background:#fee;border:1px solid #e99}
      table{border-collapse:collapse;margin:.4rem 0}td,th{padding:.2rem .6rem;text-align:left;vertical-align:top;
      border-bottom:1px solid #eee}th{font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums;
      white-space:nowrap}td.file,td.tags,.facts td{overflow-wrap:anywhere}.scroll{overflow-x:auto;max-width:100%}
      code,pre{font:13px/1.4 ui-monospace,monospace}pre{background:#f6f6f6;padding:.6rem;overflow:auto;white-space:pre-wrap}
      .yanked{color:#a00}.tags{color:#555;font-size:.85rem}.hash{word-break:break-all;font-size:.75rem;color:#555}
      details{margin:.3rem 0}summary{cursor:pointer}.description{border-top:1px solid #ddd;margin-top:1rem}
      .description img{max-width:100%}svg.chart{max-width:100%;height:auto}svg text{font:11px system-ui,sans-serif}
      """;

  private Layout() {}

  /** A page's beginning, up to and including its header with the search box holding {@code query}. */
  public static StringBuilder begin(String title, String query) {
    StringBuilder out = new StringBuilder(16384);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
        // An empty icon inline: else a browser asks for /favicon.ico, which the policy refuses.
        .append("<link rel=\"icon\" href=\"data:,\">\n<title>")
        .append(Markup.escape(title)).append(title.isEmpty() ? "" : " · ").append("jubjub</title>\n<style>")
        .append(STYLE).append("</style>\n</head>\n<body>\n<header><a class=\"home\" href=\"/\">jubjub</a>")
        .append("<form action=\"/search\" method=\"get\" role=\"search\">")
        .append("<input type=\"search\" name=\"q\" value=\"").append(Markup.escape(query))
        .append("\" aria-label=\"Search projects\" placeholder=\"Search projects\" maxlength=\"256\">")
        .append("<button type=\"submit\">Search</button></form></header>\n<main>\n");
    return out;
  }

  /** The page's end, and its bytes. */
  public static byte[] end(StringBuilder out) {
    out.append("</main>\n</body>\n</html>\n");
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A page of {@code html}, which the caller has escaped. */
  public static byte[] page(String title, String html) {
    StringBuilder out = begin(title, "");
    out.append("<h1>").append(Markup.escape(title)).append("</h1>\n").append(html);
    return end(out);
  }

  /** A page with a heading and one message, for errors such as an unknown project. */
  public static byte[] notice(String title, String message) {
    StringBuilder out = begin(title, "");
    out.append("<h1>").append(Markup.escape(title)).append("</h1>\n<p class=\"notice\">")
        .append(Markup.escape(message)).append("</p>\n");
    return end(out);
  }
}
