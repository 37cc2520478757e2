package dev.jubjub.search;

import dev.jubjub.search.SearchResults.Segment;
import java.io.IOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.uhighlight.LengthGoalBreakIterator;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.search.uhighlight.WholeBreakIterator;

/**
 * Marks what matched in the name, the summary and the start of the description, as {@link
 * Segment}s rather than markup: each output escapes the text its own way. Terms of any field
 * highlight in every field (a name query lights up the summary's word too).
 */
final class Highlighting extends UnifiedHighlighter {
  static final String[] FIELDS = {Schema.NAME_WORDS, Schema.SUMMARY, Schema.DESCRIPTION_START};
  private static final int SNIPPET_PASSAGES = 2;

  Highlighting(IndexSearcher searcher, Analyzer analyzer) {
    super(UnifiedHighlighter.builder(searcher, analyzer)
        .withFieldMatcher(field -> true)
        // By terms: the Matches API would mark each field only where its own clause matched, and
        // the stored-only description start would never be marked.
        .withWeightMatches(false)
        .withFormatter(new SegmentFormatter()));
  }

  /** Per field, per document (in {@code docIds} order): segments, or null where nothing is to show. */
  @SuppressWarnings("unchecked")
  List<List<Segment>[]> mark(Query query, int[] docIds) throws IOException {
    int[] passages = {1, 1, SNIPPET_PASSAGES};
    Map<String, Object[]> marked = highlightFieldsAsObjects(FIELDS, query, docIds, passages);
    List<List<Segment>[]> out = new ArrayList<>();
    for (String field : FIELDS) {
      Object[] values = marked.get(field);
      List<Segment>[] perDoc = new List[docIds.length];
      for (int i = 0; i < docIds.length; i++) {
        perDoc[i] = values == null || values[i] == null ? List.of() : (List<Segment>) values[i];
      }
      out.add(perDoc);
    }
    return out;
  }

  /** Names and summaries whole; the description in passages of about two lines. */
  @Override
  protected BreakIterator getBreakIterator(String field) {
    return field.equals(Schema.DESCRIPTION_START)
        ? LengthGoalBreakIterator.createClosestToLength(BreakIterator.getSentenceInstance(Locale.ROOT), 160, 0.5f)
        : new WholeBreakIterator();
  }

  /** Names and summaries are shown even when they did not match; a description only where it did. */
  @Override
  protected int getMaxNoHighlightPassages(String field) {
    return field.equals(Schema.DESCRIPTION_START) ? 0 : 1;
  }

  private static final class SegmentFormatter extends PassageFormatter {
    @Override
    public Object format(Passage[] passages, String content) {
      List<Segment> segments = new ArrayList<>();
      int previousEnd = -1;
      for (Passage p : passages) {
        if (previousEnd >= 0 && p.getStartOffset() > previousEnd) {
          segments.add(new Segment(" … ", false));
        }
        int at = p.getStartOffset();
        for (int i = 0; i < p.getNumMatches(); i++) {
          int start = Math.max(p.getMatchStarts()[i], at);
          int end = Math.min(p.getMatchEnds()[i], p.getEndOffset());
          if (end <= start) {
            continue;
          }
          if (start > at) {
            segments.add(new Segment(content.substring(at, start), false));
          }
          segments.add(new Segment(content.substring(start, end), true));
          at = end;
        }
        if (p.getEndOffset() > at) {
          segments.add(new Segment(content.substring(at, p.getEndOffset()), false));
        }
        previousEnd = p.getEndOffset();
      }
      return segments;
    }
  }
}
