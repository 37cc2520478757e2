package dev.jubjub.serve;

import dev.jubjub.ui.Layout;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Error answers in HTML look like the web UI's pages (a heading, the reason, the search box) rather
 * than Jetty's bare page; JSON and plain-text answers stay Jetty's.
 */
final class ErrorPages extends ErrorHandler {
  ErrorPages() {
    setShowStacks(false);
    setShowMessageInTitle(false);
  }

  @Override
  protected void writeErrorHtml(Request request, Writer writer, Charset charset, int code, String message,
      Throwable cause) throws IOException {
    String reason = HttpStatus.getMessage(code);
    String text = message == null || message.isBlank() || message.equals(reason) ? defaultText(code) : message;
    String html = new String(Layout.notice(code + " " + reason, text), StandardCharsets.UTF_8);
    // Jetty picks the charset (ISO-8859-1 unless asked otherwise): what it cannot hold goes as
    // character references, which any charset carries.
    StringBuilder out = new StringBuilder(html.length() + 64);
    html.codePoints().forEach(c -> {
      if (c < 128) {
        out.append((char) c);
      } else {
        out.append("&#").append(c).append(';');
      }
    });
    writer.write(out.toString());
  }

  private static String defaultText(int code) {
    return switch (code) {
      case HttpStatus.NOT_FOUND_404 -> "This mirror has nothing at this address. Its pages are under /simple/,"
          + " its projects under /project/, and the search box above finds them.";
      case HttpStatus.METHOD_NOT_ALLOWED_405 -> "This address takes GET and HEAD only.";
      default -> HttpStatus.getMessage(code) + ".";
    };
  }
}
