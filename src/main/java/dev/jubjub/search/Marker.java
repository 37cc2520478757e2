package dev.jubjub.search;

import dev.jubjub.search.SearchResults.Segment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;

/**
 * Marks the words of a shown text that match the query, analyzed as the field is indexed (so
 * "parsers" marks "Parser"), the last query word also as a prefix (it may be half typed). Lucene's
 * UnifiedHighlighter did this at five times the cost of the search itself (a per-document memory
 * index for the prefix queries); a results page marks 20 short texts, one analysis pass each. A
 * description is looked at only when the name and summary show no match, and only up to the
 * first one.
 */
final class Marker {
  static final int SNIPPET_CHARS = 240;
  private static final int MIN_PREFIX = 2;
  private final Analyzer analyzer;
  private final Set<String> nameTerms = new HashSet<>();
  private final Set<String> textTerms = new HashSet<>();
  private String namePrefix = "";
  private String textPrefix = "";

  Marker(String query, Analyzer analyzer) {
    this.analyzer = analyzer;
    // Words after '-' are excluded by the query syntax: nothing to mark for them.
    String positive = QueryBuilder.positive(Text.clean(query, QueryBuilder.MAX_QUERY_CHARS));
    namePrefix = terms(Schema.NAME_WORDS, positive, nameTerms);
    textPrefix = terms(Schema.SUMMARY, positive, textTerms);
  }

  /** Adds the query's terms as {@code field} analyzes them; returns the last one (the prefix). */
  private String terms(String field, String text, Set<String> into) {
    String last = "";
    try (TokenStream tokens = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      tokens.reset();
      while (tokens.incrementToken()) {
        last = term.toString();
        into.add(last);
      }
      tokens.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // analysis of a String does no I/O
    }
    return last.length() >= MIN_PREFIX ? last : "";
  }

  List<Segment> name(String text) {
    return mark(Schema.NAME_WORDS, text, Integer.MAX_VALUE).segments();
  }

  List<Segment> summary(String text) {
    return mark(Schema.SUMMARY, text, Integer.MAX_VALUE).segments();
  }

  /**
   * About {@value #SNIPPET_CHARS} characters around the first match in {@code text}, or empty.
   *
   * @param cut the text is the start of a longer one
   */
  List<Segment> snippet(String text, boolean cut) {
    Marked first = mark(Schema.DESCRIPTION_START, text, 1);
    if (first.firstMatch() < 0) {
      return List.of();
    }
    int start = wordStart(text, Math.max(0, first.firstMatch() - SNIPPET_CHARS / 4));
    int end = wordEnd(text, Math.min(text.length(), start + SNIPPET_CHARS));
    List<Segment> window = new ArrayList<>();
    if (start > 0) {
      window.add(new Segment("… ", false));
    }
    window.addAll(mark(Schema.DESCRIPTION_START, text.substring(start, end), Integer.MAX_VALUE).segments());
    if (end < text.length() || cut) {
      window.add(new Segment(" …", false));
    }
    return window;
  }

  private record Marked(List<Segment> segments, int firstMatch) {}

  /** The text in segments, matches marked; stops after {@code maxMatches} (then segments are partial). */
  private Marked mark(String field, String text, int maxMatches) {
    boolean name = field.equals(Schema.NAME_WORDS);
    Set<String> terms = name ? nameTerms : textTerms;
    String prefix = name ? namePrefix : textPrefix;
    List<Segment> segments = new ArrayList<>();
    int at = 0;
    int first = -1;
    int matches = 0;
    try (TokenStream tokens = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
      OffsetAttribute offset = tokens.addAttribute(OffsetAttribute.class);
      tokens.reset();
      while (matches < maxMatches && tokens.incrementToken()) {
        String t = term.toString();
        if (!terms.contains(t) && (prefix.isEmpty() || !t.startsWith(prefix))) {
          continue;
        }
        int start = Math.max(offset.startOffset(), at);
        int end = Math.min(offset.endOffset(), text.length());
        if (end <= start) {
          continue;
        }
        if (start > at) {
          segments.add(new Segment(text.substring(at, start), false));
        }
        segments.add(new Segment(text.substring(start, end), true));
        first = first < 0 ? start : first;
        matches++;
        at = end;
      }
      tokens.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (at < text.length()) {
      segments.add(new Segment(text.substring(at), false));
    }
    return new Marked(segments, first);
  }

  private static int wordStart(String text, int i) {
    while (i > 0 && !Character.isWhitespace(text.charAt(i - 1))) {
      i--;
    }
    return i;
  }

  private static int wordEnd(String text, int i) {
    while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    return i;
  }
}
