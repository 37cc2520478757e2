package dev.jubjub.search;

import java.time.Instant;
import java.util.List;

/**
 * One page of search results.
 *
 * @param page 1-based
 * @param total matching projects, exact up to {@link ProjectSearch#COUNT_EXACTLY_UP_TO}
 * @param totalIsLowerBound true when there are at least {@code total} (counting stopped there)
 */
public record SearchResults(String query, int page, int pageSize, long total, boolean totalIsLowerBound,
    List<Hit> hits) {

  public SearchResults {
    hits = List.copyOf(hits);
  }

  /**
   * Pages there are to show, bounded by how deep paging goes; one more than the count covers when
   * counting stopped (asking for a later page counts further).
   */
  public int pages() {
    long reachable = Math.min(total, ProjectSearch.MAX_DEPTH);
    int pages = (int) ((reachable + pageSize - 1) / pageSize);
    return totalIsLowerBound && reachable < ProjectSearch.MAX_DEPTH ? pages + 1 : pages;
  }

  /**
   * A matching project. Every string is upstream's, cleaned of what XML cannot carry but not
   * escaped: the caller escapes for its output.
   *
   * @param uploaded the latest version's upload time, or null when the copy gives none
   * @param nameMarked the name in segments, the parts that matched marked
   * @param summaryMarked likewise the summary
   * @param snippet passages of the description that matched (empty when none did)
   */
  public record Hit(String name, String normalized, String version, String summary, Instant uploaded, float score,
      List<Segment> nameMarked, List<Segment> summaryMarked, List<Segment> snippet) {
    public Hit {
      nameMarked = List.copyOf(nameMarked);
      summaryMarked = List.copyOf(summaryMarked);
      snippet = List.copyOf(snippet);
    }
  }

  /** A run of text; {@code match} when it matched the query (shown highlighted). */
  public record Segment(String text, boolean match) {}
}
