package dev.jubjub.upstream;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jubjub.pypi.JsonApiParser;
import dev.jubjub.pypi.MetadataException;
import dev.jubjub.pypi.ProjectName;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.Semaphore;

/**
 * Heap set aside for the parsed trees of large JSON API documents. A tree takes several times the
 * bytes of its document, and a hostile document of tiny tokens ({@code ["a","a",…]}) dozens of
 * times, so a few big projects synced at once could exhaust the heap. A document is weighed first
 * by a streaming pass and waits for its estimated share (at least 1 MB) of
 * the budget; one that could never fit fails its project, named, instead of the run failing with
 * an {@link OutOfMemoryError}. Every document is weighed (a streaming pass costs a fraction of the
 * parse): under a small heap even a 4 MB one of empty objects is a 170 MB tree.
 */
public final class HeapBudget {
  private static final int MB = 1024 * 1024;

  /** Half the heap: the rest holds the run's own state, pages being written and small documents. */
  public static final HeapBudget PROCESS = new HeapBudget(Runtime.getRuntime().maxMemory() / 2);

  /**
   * The parser's limits, without its table of field names: a document of millions of distinct
   * long names would fill that table, in the pass meant to keep the heap safe.
   */
  private static final JsonFactory WEIGHING = JsonApiParser.MAPPER.getFactory().copy()
      .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES);

  private final int totalMb;
  private final Semaphore free;

  HeapBudget(long bytes) {
    this.totalMb = (int) Math.max(1, Math.min(Integer.MAX_VALUE, bytes / MB));
    this.free = new Semaphore(totalMb, true);
  }

  /**
   * The largest JSON API document or project page read at all: a sixteenth of the heap (512 MB at
   * most, HttpFetcher's bound), so that the workers' bodies, held before they are weighed, fit
   * beside the budget.
   */
  static int documentLimit() {
    return (int) Math.min(Integer.MAX_VALUE - 8, Runtime.getRuntime().maxMemory() / 16);
  }

  /** An empty share, for one project; closing it gives back what it took. */
  public Lease lease() {
    return new Lease();
  }

  /** Heap held for one project's document until its pages are written. Not thread-safe. */
  public final class Lease implements AutoCloseable {
    private int heldMb;

    private Lease() {}

    /**
     * Waits until the document's tree fits. A lease takes one share at most: its holder never
     * waits while holding, so no two projects can wait on each other.
     */
    void reserve(ProjectName project, URI uri, byte[] body) throws MetadataException, UpstreamException {
      if (heldMb > 0) {
        return;
      }
      long estimate = estimate(project, body);
      int needMb = (int) Math.min(Integer.MAX_VALUE, estimate / MB + 1);
      if (needMb > totalMb) {
        throw new MetadataException(String.format(
            "project %s: its JSON document (%s, %d MB) would take about %d MB of heap to parse,"
                + " more than the %d MB this process sets aside for documents (raise -Xmx through"
                + " JUBJUB_JAVA_OPTS to mirror it)",
            project, uri, body.length / MB, needMb, totalMb));
      }
      try {
        free.acquire(needMb);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UpstreamException(uri, "interrupted", e);
      }
      heldMb = needMb;
    }

    @Override
    public void close() {
      free.release(heldMb);
      heldMb = 0;
    }
  }

  /**
   * Bytes a Jackson tree of the document takes, token by token (object and array nodes with their
   * maps and lists, a text node with its string, a map entry per field), plus the document itself.
   * Measured against real trees it errs on the high side.
   */
  static long estimate(ProjectName project, byte[] body) throws MetadataException {
    long bytes = body.length;
    try (JsonParser p = WEIGHING.createParser(body)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        bytes += switch (t) {
          case START_OBJECT -> 128;
          case START_ARRAY -> 64;
          case FIELD_NAME -> 112 + 2L * p.getTextLength();
          case VALUE_STRING -> 80 + 2L * p.getTextLength();
          case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> 32;
          case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> 8;
          default -> 0;
        };
      }
    } catch (JacksonException e) {
      throw new MetadataException("project " + project + ": malformed JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new MetadataException("project " + project + ": unreadable JSON", e);
    }
    return bytes;
  }
}
