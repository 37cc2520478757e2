package dev.jubjub.search;

import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.analysis.util.CharTokenizer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;

/** The index's fields and how each is analyzed: one place, shared by the writer and the searcher. */
final class Schema {
  /** The PEP 503 normalized name, unanalyzed: the document's key, exact and prefix name matches. */
  static final String NAME = "name";
  /** The name as upstream spells it, split into words ({@code Foo.Bar_baz}: foo, bar, baz). */
  static final String NAME_WORDS = "name_words";
  static final String SUMMARY = "summary";
  static final String KEYWORDS = "keywords";
  static final String CLASSIFIERS = "classifiers";
  static final String DESCRIPTION = "description";
  /** The start of the description, stored for result snippets (the whole text is only indexed). */
  static final String DESCRIPTION_START = "description_start";
  static final String AUTHOR = "author";
  static final String URLS = "project_urls";
  static final String VERSION = "version";
  static final String UPLOADED = "uploaded";
  static final int DESCRIPTION_START_CHARS = 4096;

  /** Full-text fields and their weights for the text part of a query. */
  static final Map<String, Float> TEXT_WEIGHTS = Map.of(
      NAME_WORDS, 5f, SUMMARY, 3f, KEYWORDS, 2f, CLASSIFIERS, 1f, DESCRIPTION, 1f, AUTHOR, 1f, URLS, 0.5f);

  /**
   * Lucene warns on its first use that the incubating Vector API is not enabled: it speeds up only
   * vector search, which jubjub does not do. Held here, as the JDK keeps loggers only weakly.
   */
  private static final java.util.logging.Logger VECTOR_NOTICE =
      java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

  static {
    VECTOR_NOTICE.setLevel(java.util.logging.Level.SEVERE);
  }

  private Schema() {}

  /** Prose is stemmed English; names, keywords, people and URLs are words as written. */
  static Analyzer analyzer() {
    Analyzer english = new EnglishAnalyzer();
    Analyzer plain = new StandardAnalyzer(CharArraySet.EMPTY_SET);
    Analyzer names = new Analyzer() {
      @Override
      protected TokenStreamComponents createComponents(String field) {
        Tokenizer words = CharTokenizer.fromTokenCharPredicate(Character::isLetterOrDigit);
        return new TokenStreamComponents(words, new LowerCaseFilter(words));
      }
    };
    return new PerFieldAnalyzerWrapper(plain, Map.of(
        NAME_WORDS, names, SUMMARY, english, DESCRIPTION, english, DESCRIPTION_START, english));
  }

  static Term key(String normalized) {
    return new Term(NAME, normalized);
  }

  static Document document(ProjectDocument p) {
    Document d = new Document();
    d.add(new StringField(NAME, p.normalized(), Field.Store.YES));
    d.add(new TextField(NAME_WORDS, p.name(), Field.Store.YES));
    d.add(new TextField(SUMMARY, p.summary(), Field.Store.YES));
    d.add(new TextField(KEYWORDS, p.keywords(), Field.Store.NO));
    p.classifiers().forEach(c -> d.add(new TextField(CLASSIFIERS, c, Field.Store.NO)));
    d.add(new TextField(DESCRIPTION, p.description(), Field.Store.NO));
    String start = p.description().length() > DESCRIPTION_START_CHARS
        ? Text.clean(p.description(), DESCRIPTION_START_CHARS) : p.description();
    d.add(new StoredField(DESCRIPTION_START, start));
    d.add(new TextField(AUTHOR, p.author(), Field.Store.NO));
    p.projectUrls().forEach(u -> d.add(new TextField(URLS, u, Field.Store.NO)));
    d.add(new StoredField(VERSION, p.version()));
    if (p.uploaded() != null) {
      d.add(new StoredField(UPLOADED, p.uploaded().toEpochMilli()));
    }
    return d;
  }
}
