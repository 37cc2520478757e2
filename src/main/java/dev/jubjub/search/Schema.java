package dev.jubjub.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
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
import org.apache.lucene.document.FeatureField;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.ByteArrayDataInput;
import org.apache.lucene.store.ByteArrayDataOutput;
import org.apache.lucene.util.BytesRef;

/** The index's fields and how each is analyzed: one place, shared by the writer and the searcher. */
final class Schema {
  /** The PEP 503 normalized name, unanalyzed: the document's key, exact and prefix name matches. */
  static final String NAME = "name";
  /** The name as upstream spells it, split into words ({@code Foo.Bar_baz}: foo, bar, baz). */
  static final String NAME_WORDS = "name_words";
  /**
   * Every beginning of the normalized name, and of each name word ({@link #WORD_PREFIX}), as
   * terms: a name typed halfway is one term lookup, where a prefix query over 100,000 names
   * walked thousands of terms for every keystroke.
   */
  static final String NAME_PREFIX = "name_prefix";
  static final String WORD_PREFIX = "word_prefix";
  static final int MAX_PREFIX = 64;
  static final int MIN_WORD_PREFIX = 2;
  static final String SUMMARY = "summary";
  static final String KEYWORDS = "keywords";
  /**
   * The rest of the text in one field: classifiers, description, author, project URLs. Each word
   * of a query is looked up in every text field, and a common word's postings are long in each of
   * these: one field instead of four took a fifth off the time of a search over 100,000 projects
   * (their weights were equal but for the URLs', and ranking is led by the name and summary).
   */
  static final String TEXT = "text";
  /** Analyzer name for the start of the description kept in {@link #DISPLAY}, for snippets. */
  static final String DESCRIPTION_START = "description_start";
  /**
   * What a result shows ({@link Display}), as one binary doc value: read straight from the index
   * file. Stored fields, LZ4-compressed in blocks of many documents, cost more to read for 20 hits
   * than the search itself.
   */
  static final String DISPLAY = "display";
  /** Static per-project scores; {@link #SHORT_NAME} is 1 / the name's length. */
  static final String FEATURES = "features";
  static final String SHORT_NAME = "short_name";
  static final int DESCRIPTION_START_CHARS = 1024;

  /** Full-text fields and their weights for the text part of a query. */
  static final Map<String, Float> TEXT_WEIGHTS = Map.of(
      NAME_WORDS, 5f, SUMMARY, 3f, KEYWORDS, 2f, TEXT, 1f);

  /**
   * What the fields above mean, recorded in each commit: an index made with other fields would
   * answer wrongly without an error, so a reader and an updater refuse it, asking for a rebuild.
   */
  static final String VERSION_KEY = "jubjub.schema";
  static final String VERSION = "2";

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

  /** Prose (summary and text) is stemmed English; names and keywords are words as written. */
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
        NAME_WORDS, names, SUMMARY, english, TEXT, english, DESCRIPTION_START, english));
  }

  /** The words of a name or query as {@link #NAME_WORDS} holds them: letters and digits, lower case. */
  static java.util.Set<String> nameWords(String text) {
    java.util.Set<String> words = new java.util.LinkedHashSet<>();
    for (String w : text.toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{Nd}]+")) {
      if (!w.isEmpty()) {
        words.add(w);
      }
    }
    return words;
  }

  static Term key(String normalized) {
    return new Term(NAME, normalized);
  }

  static Document document(ProjectDocument p) {
    Document d = new Document();
    d.add(new StringField(NAME, p.normalized(), Field.Store.NO));
    d.add(new TextField(NAME_WORDS, p.name(), Field.Store.NO));
    String normalized = p.normalized();
    for (int i = 1; i <= Math.min(normalized.length(), MAX_PREFIX); i++) {
      d.add(new StringField(NAME_PREFIX, normalized.substring(0, i), Field.Store.NO));
    }
    for (String word : nameWords(p.name())) {
      for (int i = MIN_WORD_PREFIX; i <= Math.min(word.length(), MAX_PREFIX); i++) {
        d.add(new StringField(WORD_PREFIX, word.substring(0, i), Field.Store.NO));
      }
    }
    d.add(new TextField(SUMMARY, p.summary(), Field.Store.NO));
    d.add(new TextField(KEYWORDS, p.keywords(), Field.Store.NO));
    p.classifiers().forEach(c -> d.add(new TextField(TEXT, c, Field.Store.NO)));
    d.add(new TextField(TEXT, p.description(), Field.Store.NO));
    d.add(new TextField(TEXT, p.author(), Field.Store.NO));
    p.projectUrls().forEach(u -> d.add(new TextField(TEXT, u, Field.Store.NO)));
    d.add(new FeatureField(FEATURES, SHORT_NAME, 1f / p.normalized().length()));
    String start = Text.clean(p.description(), DESCRIPTION_START_CHARS);
    d.add(new BinaryDocValuesField(DISPLAY, new Display(p.normalized(), p.name(), p.version(), p.summary(),
        p.uploaded(), start, start.length() < p.description().length()).encode()));
    return d;
  }

  /**
   * A result's fields, as kept in {@link #DISPLAY}.
   *
   * @param descriptionCut the description goes on after {@code descriptionStart}
   */
  record Display(String normalized, String name, String version, String summary, Instant uploaded,
      String descriptionStart, boolean descriptionCut) {

    BytesRef encode() {
      byte[] buffer = new byte[6 * 5 + 10 + 3 * (normalized.length() + name.length() + version.length()
          + summary.length() + descriptionStart.length())];
      ByteArrayDataOutput out = new ByteArrayDataOutput(buffer);
      try {
        for (String s : new String[] {normalized, name, version, summary, descriptionStart}) {
          out.writeString(s);
        }
        out.writeZLong(uploaded == null ? Long.MIN_VALUE : uploaded.toEpochMilli());
        out.writeByte((byte) (descriptionCut ? 1 : 0));
      } catch (IOException e) {
        throw new UncheckedIOException(e); // an array sized for the worst case: no I/O, no overflow
      }
      return new BytesRef(buffer, 0, out.getPosition());
    }

    static Display decode(BytesRef bytes) throws IOException {
      ByteArrayDataInput in = new ByteArrayDataInput(bytes.bytes, bytes.offset, bytes.length);
      String normalized = in.readString();
      String name = in.readString();
      String version = in.readString();
      String summary = in.readString();
      String start = in.readString();
      long uploaded = in.readZLong();
      boolean cut = in.readByte() == 1;
      return new Display(normalized, name, version, summary,
          uploaded == Long.MIN_VALUE ? null : Instant.ofEpochMilli(uploaded), start, cut);
    }
  }
}
