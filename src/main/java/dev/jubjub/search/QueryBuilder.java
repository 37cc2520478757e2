package dev.jubjub.search;

import dev.jubjub.pypi.ProjectName;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.index.Term;

/**
 * Turns what a user typed into a Lucene query that ranks name matches first: the whole query read
 * as a project name in any spelling ({@code Foo.Bar_baz}, {@code foo bar baz}), then a name it
 * begins, then names holding every word typed, each tier a constant far above any text score; the
 * full text (Lucene's simple query syntax: quotes, {@code -}, {@code |}, {@code *}) orders within a
 * tier and finds the rest.
 */
final class QueryBuilder {
  static final int MAX_QUERY_CHARS = 256;
  static final int MAX_WORDS = 32;
  static final float EXACT_NAME = 1_000_000f;
  static final float NAME_PREFIX = 100_000f;
  static final float NAME_WORDS = 10_000f;
  static final float SHORT_NAME_WEIGHT = 2f;
  private static final int SYNTAX = -1 & ~SimpleQueryParser.FUZZY_OPERATOR;

  private QueryBuilder() {}

  /**
   * @param matchAll text terms must all match (a search box); else any may (XML-RPC's "or")
   */
  static Query build(String typed, boolean matchAll, Analyzer analyzer) {
    String text = Text.clean(typed, MAX_QUERY_CHARS).strip();
    String positive = positive(text);
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    String name = asName(positive);
    if (name != null) {
      query.add(tier(new TermQuery(Schema.key(name)), EXACT_NAME), BooleanClause.Occur.SHOULD);
      query.add(tier(prefix(Schema.NAME_PREFIX, Schema.NAME, name), NAME_PREFIX), BooleanClause.Occur.SHOULD);
    }
    List<String> words = words(positive);
    if (!words.isEmpty()) {
      BooleanQuery.Builder all = new BooleanQuery.Builder();
      for (int i = 0; i < words.size(); i++) {
        String word = words.get(i);
        // The last word may be half typed (from two letters on).
        boolean last = i == words.size() - 1 && word.length() >= Schema.MIN_WORD_PREFIX;
        all.add(last ? prefix(Schema.WORD_PREFIX, Schema.NAME_WORDS, word) : new TermQuery(new Term(Schema.NAME_WORDS, word)),
            BooleanClause.Occur.MUST);
      }
      query.add(tier(all.build(), NAME_WORDS), BooleanClause.Occur.SHOULD);
    }
    // No fuzzy terms (word~2): a few expand past Lucene's clause limit, and each costs a scan of
    // the term dictionary.
    SimpleQueryParser parser = new SimpleQueryParser(analyzer, Schema.TEXT_WEIGHTS, SYNTAX);
    parser.setDefaultOperator(matchAll ? BooleanClause.Occur.MUST : BooleanClause.Occur.SHOULD);
    Query full = positive.isBlank() ? null : parser.parse(text);
    if (full != null && !(full instanceof MatchNoDocsQuery)) {
      query.add(full, BooleanClause.Occur.SHOULD);
    }
    // Excluded words bind every tier, not only the text's ("six -six" finds nothing); alone
    // ("-six") they exclude from everything.
    List<String> excluded = excluded(text);
    if (positive.isBlank() && !excluded.isEmpty()) {
      query.add(new MatchAllDocsQuery(), BooleanClause.Occur.SHOULD);
    }
    for (String word : excluded) {
      Query not = parser.parse(word);
      if (!(not instanceof MatchNoDocsQuery)) {
        query.add(not, BooleanClause.Occur.MUST_NOT);
      }
    }
    BooleanQuery built = query.build();
    boolean anyPositive = built.clauses().stream().anyMatch(c -> c.occur() != BooleanClause.Occur.MUST_NOT);
    return anyPositive ? built : new MatchNoDocsQuery("empty query");
  }

  private static final Pattern EXCLUDED = Pattern.compile("(?:^|\\s)-(\\S+)");

  /** What was typed without its excluded words ({@code -word}), which nothing is to match. */
  static String positive(String text) {
    return EXCLUDED.matcher(text).replaceAll(" ").strip();
  }

  private static List<String> excluded(String text) {
    Matcher m = EXCLUDED.matcher(text);
    List<String> words = new ArrayList<>();
    while (m.find() && words.size() < MAX_WORDS) {
      words.add(m.group(1));
    }
    return words;
  }

  /** Names beginning with {@code prefix}: one term of the prefix field, or a prefix query past its length. */
  private static Query prefix(String prefixField, String field, String prefix) {
    return prefix.length() <= Schema.MAX_PREFIX
        ? new TermQuery(new Term(prefixField, prefix)) : new PrefixQuery(new Term(field, prefix));
  }

  /**
   * A name tier: a constant, plus, of equal names, more for the shorter (requests before
   * requests-oauthlib for "reque"), at most {@link #SHORT_NAME_WEIGHT}. Inside the tier, so that
   * the query stays a plain disjunction, which Lucene scores skipping what cannot make the page.
   */
  private static Query tier(Query q, float boost) {
    return new BooleanQuery.Builder()
        .add(new BoostQuery(new ConstantScoreQuery(q), boost), BooleanClause.Occur.MUST)
        .add(FeatureField.newLinearQuery(Schema.FEATURES, Schema.SHORT_NAME, SHORT_NAME_WEIGHT), BooleanClause.Occur.SHOULD)
        .build();
  }

  /** The query as a normalized project name, words joined by dashes; null when it cannot be one. */
  static String asName(String text) {
    String joined = text.strip().replaceAll("\\s+", "-");
    return ProjectName.isValid(joined) ? ProjectName.normalize(joined) : null;
  }

  /** The query's words as the name field holds them, at most {@value #MAX_WORDS}. */
  static List<String> words(String text) {
    return Schema.nameWords(text).stream().limit(MAX_WORDS).toList();
  }
}
