package dev.jubjub.serve;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.io.Content;

/**
 * A request body read without holding a thread, kept up to a bound and read past it up to a
 * second bound. Reading past the kept part matters: a server that answers and closes while the
 * client is still sending makes the client's kernel reset the connection, and the reset can
 * discard the answer before the client reads it ("received no bytes"). So a body that is too
 * large but not absurdly so is read to its end, and its answer arrives on a connection that stays
 * open; only a body past the second bound is left unread, and that connection closes.
 */
final class BoundedBody {
  /**
   * What was read: at most {@code keep} bytes, whether the body was longer, and whether it was
   * read to its end (if not, the connection cannot carry another request).
   */
  record Read(byte[] kept, boolean tooLarge, boolean toTheEnd) {}

  private final Content.Source source;
  private final int keep;
  private final long readAtMost;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final CompletableFuture<Read> result = new CompletableFuture<>();
  private long total;

  private BoundedBody(Content.Source source, int keep, long readAtMost) {
    this.source = source;
    this.keep = keep;
    this.readAtMost = readAtMost;
  }

  /**
   * Completes once the body has ended or {@code readAtMost} bytes have been read, or exceptionally
   * when the client's body fails (a reset, an idle timeout).
   */
  static CompletableFuture<Read> read(Content.Source source, int keep, long readAtMost) {
    if (source.getLength() > readAtMost) {
      // Announced past the second bound: its answer goes out at once, on a connection that closes.
      return CompletableFuture.completedFuture(new Read(new byte[0], true, false));
    }
    BoundedBody body = new BoundedBody(source, keep, readAtMost);
    body.next();
    return body.result;
  }

  private void next() {
    try {
      readAvailable();
    } catch (Throwable e) {
      // Thrown in a demand callback, it would fail the source but leave the request unanswered.
      result.completeExceptionally(e);
    }
  }

  private void readAvailable() {
    while (true) {
      Content.Chunk chunk = source.read();
      if (chunk == null) {
        source.demand(this::next);
        return;
      }
      if (Content.Chunk.isFailure(chunk)) {
        if (!chunk.isLast()) {
          // A transient failure (an idle timeout): ends this body for good, as Jetty's own readers do.
          source.fail(chunk.getFailure());
        }
        result.completeExceptionally(chunk.getFailure());
        return;
      }
      ByteBuffer bytes = chunk.getByteBuffer();
      total += bytes.remaining();
      int room = keep - kept.size();
      if (room > 0) {
        byte[] copy = new byte[Math.min(room, bytes.remaining())];
        bytes.get(copy);
        kept.writeBytes(copy);
      }
      boolean last = chunk.isLast();
      chunk.release();
      if (last || total > readAtMost) {
        result.complete(new Read(kept.toByteArray(), total > keep, last));
        return;
      }
    }
  }
}
