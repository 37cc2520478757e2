package dev.jubjub.pypi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A recursive-descent parser for one PEP 508 dependency specifier. It follows the grammar and
 * tokens of packaging 26's hand-written parser (not PEP 508's reference grammar, which differs in
 * corners such as whitespace inside extras), so a line bandersnatch accepts is accepted here and a
 * line it rejects is rejected. Markers are checked for syntax only.
 */
final class Pep508Parser {
  private static final Pattern WS = Pattern.compile("[ \t]+");
  private static final Pattern IDENTIFIER = Pattern.compile("\\b[a-zA-Z0-9][a-zA-Z0-9._-]*\\b");
  private static final Pattern URL = Pattern.compile("[^ \t]+");
  private static final Pattern PREFIX_TRAIL = Pattern.compile("\\.\\*");
  private static final Pattern LOCAL_TRAIL = Pattern.compile("\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*");
  private static final Pattern QUOTED_STRING = Pattern.compile("'[^']*'|\"[^\"]*\"");
  private static final Pattern MARKER_OP = Pattern.compile("===|==|~=|!=|<=|>=|<|>");
  private static final Pattern BOOLOP = Pattern.compile("\\b(?:or|and)\\b");
  private static final Pattern IN = Pattern.compile("\\bin\\b");
  private static final Pattern NOT = Pattern.compile("\\bnot\\b");
  /** The environment markers of PEP 508 plus the aliases packaging still accepts. */
  private static final Pattern VARIABLE =
      Pattern.compile(
          "\\b(?:python_version|python_full_version|os[._]name|sys[._]platform|platform_(?:release|system)"
              + "|platform[._](?:version|machine|python_implementation)|python_implementation"
              + "|implementation_(?:name|version)|extras?|dependency_groups)\\b");

  record Parsed(String name, List<String> extras, String specifiers, Optional<String> url, Optional<String> marker) {}

  private final String source;
  private int pos;

  private Pep508Parser(String source) {
    this.source = source;
  }

  static Parsed parse(String source) {
    return new Pep508Parser(source).requirement();
  }

  private Parsed requirement() {
    skip(WS);
    String name = expect(IDENTIFIER, "package name at the start of dependency specifier");
    skip(WS);
    List<String> extras = extras();
    skip(WS);
    String specifiers = "";
    Optional<String> url = Optional.empty();
    Optional<String> marker = Optional.empty();
    if (skip("@")) {
      skip(WS);
      url = Optional.of(expect(URL, "URL after @"));
      if (!atEnd()) {
        expect(WS, "whitespace after URL");
        if (!atEnd()) {
          marker = Optional.of(marker("semicolon (after URL and whitespace)"));
        }
      }
    } else {
      specifiers = specifiers();
      skip(WS);
      if (!atEnd()) {
        marker =
            Optional.of(
                marker(
                    specifiers.isEmpty()
                        ? "semicolon (after name with no version specifier)"
                        : "comma (within version specifier), semicolon (after version specifier)"));
      }
    }
    if (!atEnd()) {
      throw error("Expected end of dependency specifier");
    }
    return new Parsed(name, extras, specifiers, url, marker);
  }

  private List<String> extras() {
    List<String> extras = new ArrayList<>();
    if (!skip("[")) {
      return extras;
    }
    skip(WS);
    String first = match(IDENTIFIER);
    if (first != null) {
      extras.add(first);
      while (true) {
        skip(WS);
        if (peek(IDENTIFIER)) {
          throw error("Expected comma between extra names");
        }
        if (!skip(",")) {
          break;
        }
        skip(WS);
        extras.add(expect(IDENTIFIER, "extra name after comma"));
      }
    }
    skip(WS);
    if (!skip("]")) {
      throw error("Expected matching RIGHT_BRACKET for LEFT_BRACKET, after extras");
    }
    return extras;
  }

  /** Optionally parenthesized: {@code (>=1.0, <2)}. Returns the specifier text, commas kept. */
  private String specifiers() {
    boolean parenthesized = skip("(");
    skip(WS);
    StringBuilder text = new StringBuilder();
    String spec;
    while ((spec = match(Specifier.SYNTAX)) != null) {
      text.append(spec);
      if (peek(PREFIX_TRAIL)) {
        throw error(".* suffix can only be used with `==` or `!=` operators");
      }
      if (peek(LOCAL_TRAIL)) {
        throw error("Local version label can only be used with `==` or `!=` operators");
      }
      skip(WS);
      if (!skip(",")) {
        break;
      }
      text.append(',');
      skip(WS);
    }
    skip(WS);
    if (parenthesized && !skip(")")) {
      throw error("Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after version specifier");
    }
    return text.toString();
  }

  /** {@code ; marker}: returns the marker text as written, after its syntax is checked. */
  private String marker(String expected) {
    if (!skip(";")) {
      throw error("Expected " + expected + " or end");
    }
    int start = pos;
    markerExpression();
    skip(WS);
    return PythonText.strip(source.substring(start, pos));
  }

  private void markerExpression() {
    markerAtom();
    while (match(BOOLOP) != null) {
      markerAtom();
    }
  }

  private void markerAtom() {
    skip(WS);
    if (skip("(")) {
      skip(WS);
      markerExpression();
      skip(WS);
      if (!skip(")")) {
        throw error("Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after marker expression");
      }
    } else {
      markerValue();
      skip(WS);
      markerOperator();
      skip(WS);
      markerValue();
    }
    skip(WS);
  }

  private void markerValue() {
    if (match(VARIABLE) == null && match(QUOTED_STRING) == null) {
      throw error("Expected a marker variable or quoted string");
    }
  }

  private void markerOperator() {
    if (match(IN) != null || match(MARKER_OP) != null) {
      return;
    }
    if (match(NOT) == null) {
      throw error("Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in");
    }
    expect(WS, "whitespace after 'not'");
    expect(IN, "'in' after 'not'");
  }

  /** Python's {@code $} also matches before a final newline. */
  private boolean atEnd() {
    return pos == source.length() || (pos == source.length() - 1 && source.charAt(pos) == '\n');
  }

  private boolean skip(String literal) {
    if (source.startsWith(literal, pos)) {
      pos += literal.length();
      return true;
    }
    return false;
  }

  private void skip(Pattern token) {
    match(token);
  }

  private boolean peek(Pattern token) {
    return matcher(token).lookingAt();
  }

  private String match(Pattern token) {
    Matcher m = matcher(token);
    if (!m.lookingAt()) {
      return null;
    }
    pos = m.end();
    return m.group();
  }

  private String expect(Pattern token, String expected) {
    String text = match(token);
    if (text == null) {
      throw error("Expected " + expected);
    }
    return text;
  }

  /** Transparent bounds let {@code \b} see the character before the current position. */
  private Matcher matcher(Pattern token) {
    return token.matcher(source).region(pos, source.length()).useTransparentBounds(true);
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException(
        message + " at column " + (pos + 1) + " of " + ProjectName.printable(source));
  }
}
