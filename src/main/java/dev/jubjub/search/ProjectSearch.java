package dev.jubjub.search;

import dev.jubjub.search.SearchResults.Hit;
import dev.jubjub.search.SearchResults.Segment;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.store.AlreadyClosedException;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read side, for a server: searches the current generation of an index that other processes
 * write. At most once a second a request looks whether {@code current} names another generation
 * (a rebuild was swapped in: it is opened, the old one closed once its searches finish) or the
 * generation has a new commit (an update: Lucene reopens only what changed). Opens nothing until
 * an index exists, and finds one made after the server started. Thread-safe.
 */
public final class ProjectSearch implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(ProjectSearch.class);
  /** How far paging reaches: deeper pages cost a sort of everything before them. */
  public static final int MAX_DEPTH = 1000;
  /**
   * Counting matches stops here: past it Lucene skips documents that cannot make the page, where
   * counting visits every match. "100+" tells a searcher as much as the exact number.
   */
  public static final int COUNT_EXACTLY_UP_TO = 100;
  /** Why an index without a project finds nothing, and how to fill it. */
  public static final String EMPTY_INDEX = "search is not available: the search index holds no project. It is"
      + " built from the mirror's JSON API copies, which a mirror keeps with [mirror] json = true (turned on"
      + " later, run jubjub mirror --force-check); run jubjub index after a sync to build it again";
  private static final String NO_INDEX = "the search index has not been built yet; run jubjub index to build it";
  private final long checkEveryNanos;
  private final SearchIndex index;
  private final Analyzer analyzer = Schema.analyzer();
  private final AtomicBoolean checking = new AtomicBoolean();
  /**
   * Searches are CPU work: more at once than there are cores only time-share the cores, which
   * spreads every answer's latency; the rest wait their turn, first come first served.
   */
  private final Semaphore running = new Semaphore(Runtime.getRuntime().availableProcessors(), true);
  private volatile long nextCheck = System.nanoTime();
  private volatile Generation current;
  /** Why there is no generation to search, for the answer that says so. */
  private volatile String unusable = NO_INDEX;
  private volatile boolean closed;

  private record Generation(String name, FSDirectory directory, SearcherManager manager) {
    void close() throws IOException {
      manager.close();
      directory.close();
    }
  }

  public ProjectSearch(Path indexDirectory) {
    this(indexDirectory, Duration.ofSeconds(1));
  }

  /** @param checkEvery how often to look for a new generation or commit (tests look at once) */
  ProjectSearch(Path indexDirectory, Duration checkEvery) {
    this.index = new SearchIndex(indexDirectory);
    this.checkEveryNanos = checkEvery.toNanos();
  }

  public Path directory() {
    return index.directory();
  }

  /**
   * One page of the projects matching {@code query}, best first.
   *
   * @param page 1-based; a page past the last is empty
   * @param matchAll every word must match (a search box), else any (XML-RPC's "or")
   * @param mark fill the hits' highlighted segments (a results page), else leave them plain
   * @throws IllegalArgumentException when the query expands to too many terms (a client's error)
   */
  public SearchResults search(String query, int page, int pageSize, boolean matchAll, boolean mark)
      throws SearchUnavailableException {
    if (page < 1 || pageSize < 1) {
      throw new IllegalArgumentException("page and page size start at 1");
    }
    running.acquireUninterruptibly();
    try {
      return run(query, page, pageSize, matchAll, mark);
    } finally {
      running.release();
    }
  }

  /**
   * How many projects the index holds: none when it was built before the first sync, and then
   * every search finds nothing without saying why. Throws as a search would without an index.
   */
  public int projects() throws SearchUnavailableException {
    return withSearcher(searcher -> searcher.getIndexReader().numDocs());
  }

  private SearchResults run(String query, int page, int pageSize, boolean matchAll, boolean mark)
      throws SearchUnavailableException {
    Query lucene = QueryBuilder.build(query, matchAll, analyzer);
    int wanted = (int) Math.min((long) page * pageSize, MAX_DEPTH);
    int from = (int) Math.min((long) (page - 1) * pageSize, MAX_DEPTH); // past the depth: an empty page
    return withSearcher(searcher -> {
      TopDocs top;
      try {
        top = searcher.search(lucene, new TopScoreDocCollectorManager(Math.max(wanted, 1), COUNT_EXACTLY_UP_TO));
      } catch (IndexSearcher.TooManyClauses e) {
        throw new IllegalArgumentException("the query is too broad: its words and prefixes expand to more than "
            + IndexSearcher.getMaxClauseCount() + " terms; use fewer or longer ones", e);
      }
      List<Hit> hits = hits(searcher, query, top, from, mark);
      boolean lowerBound = top.totalHits.relation() == TotalHits.Relation.GREATER_THAN_OR_EQUAL_TO;
      return new SearchResults(query, page, pageSize, top.totalHits.value(), lowerBound, hits);
    });
  }

  @FunctionalInterface
  private interface Use<T> {
    T with(IndexSearcher searcher) throws IOException;
  }

  /** Runs {@code use} on a searcher of the current generation. */
  private <T> T withSearcher(Use<T> use) throws SearchUnavailableException {
    for (int attempt = 0; ; attempt++) {
      Generation g = generation();
      IndexSearcher searcher;
      try {
        searcher = g.manager().acquire();
      } catch (IOException e) {
        throw new SearchUnavailableException("the search index could not be opened: " + e.getMessage(), e);
      } catch (AlreadyClosedException e) {
        // Swapped out between the look and the acquire: the next look finds the new one.
        if (attempt < 3) {
          continue;
        }
        throw new SearchUnavailableException("the search index was closed", e);
      }
      try {
        return use.with(searcher);
      } catch (IOException e) {
        throw new SearchUnavailableException("the search index could not be read: " + e.getMessage(), e);
      } finally {
        release(g, searcher);
      }
    }
  }

  private static void release(Generation g, IndexSearcher searcher) {
    try {
      g.manager().release(searcher);
    } catch (IOException e) {
      log.warn("Search index: closing a replaced generation failed: {}", e.toString());
    }
  }

  private List<Hit> hits(IndexSearcher searcher, String text, TopDocs top, int from, boolean mark)
      throws IOException {
    ScoreDoc[] docs = top.scoreDocs;
    if (from >= docs.length) {
      return List.of();
    }
    Marker marker = mark ? new Marker(text, analyzer) : null;
    List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
    List<Hit> hits = new ArrayList<>(docs.length - from);
    for (int i = from; i < docs.length; i++) {
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(docs[i].doc, leaves));
      BinaryDocValues values = DocValues.getBinary(leaf.reader(), Schema.DISPLAY);
      if (!values.advanceExact(docs[i].doc - leaf.docBase)) {
        throw new IOException("no display value for document " + docs[i].doc);
      }
      Schema.Display d = Schema.Display.decode(values.binaryValue());
      List<Segment> nameMarks = marker != null ? marker.name(d.name()) : plain(d.name());
      List<Segment> summaryMarks = marker != null ? marker.summary(d.summary()) : plain(d.summary());
      // The description explains a match only where the name and summary do not.
      List<Segment> snippet = marker != null && !anyMatch(nameMarks) && !anyMatch(summaryMarks)
          ? marker.snippet(d.descriptionStart(), d.descriptionCut()) : List.of();
      hits.add(new Hit(d.name(), d.normalized(), d.version(), d.summary(), d.uploaded(), docs[i].score, nameMarks,
          summaryMarks, snippet));
    }
    return hits;
  }

  private static List<Segment> plain(String text) {
    return text.isEmpty() ? List.of() : List.of(new Segment(text, false));
  }

  private static boolean anyMatch(List<Segment> segments) {
    return segments.stream().anyMatch(Segment::match);
  }

  /**
   * The generation to search, looked for again at most once a second. Until one is open, requests
   * wait for the one look in progress rather than answer "no index" while it opens.
   */
  private Generation generation() throws SearchUnavailableException {
    long now = System.nanoTime();
    Generation g = current;
    if (g == null) {
      synchronized (this) {
        if (current == null && now - nextCheck >= 0) {
          nextCheck = now + checkEveryNanos;
          refresh();
        }
        g = current;
      }
    } else if (now - nextCheck >= 0 && checking.compareAndSet(false, true)) {
      try {
        nextCheck = now + checkEveryNanos;
        refresh();
        g = current;
      } finally {
        checking.set(false);
      }
    }
    if (g == null) {
      throw new SearchUnavailableException("search is not available: " + unusable, null);
    }
    return g;
  }

  private synchronized void refresh() {
    if (closed) {
      return;
    }
    try {
      Optional<String> name = index.currentName();
      Generation old = current;
      if (name.isEmpty()) {
        return; // none yet, or the directory was removed under a running server: keep what is open
      }
      if (old != null && old.name().equals(name.get())) {
        old.manager().maybeRefresh();
        return;
      }
      FSDirectory directory = FSDirectory.open(index.directory().resolve(name.get()));
      try {
        Optional<String> stale = SearchIndex.staleness(SegmentInfos.readLatestCommit(directory).getUserData().entrySet());
        if (stale.isPresent()) {
          directory.close();
          if (!stale.get().equals(unusable)) {
            log.warn("Search index: not serving {}: {}", index.directory().resolve(name.get()), stale.get());
          }
          unusable = stale.get();
          return;
        }
        current = new Generation(name.get(), directory, new SearcherManager(directory, null));
      } catch (IOException e) {
        directory.close();
        throw e;
      }
      log.info("Search index: serving {}", index.directory().resolve(name.get()));
      if (old != null) {
        old.close();
      }
    } catch (IOException e) {
      // A rebuild may have removed the generation just now; the next look finds the new one.
      log.warn("Search index: could not open the current generation in {}: {}", index.directory(), e.toString());
    }
  }

  @Override
  public synchronized void close() throws IOException {
    closed = true;
    Generation g = current;
    current = null;
    if (g != null) {
      g.close();
    }
  }
}
