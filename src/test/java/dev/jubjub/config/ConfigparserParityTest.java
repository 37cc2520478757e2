package dev.jubjub.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Differential test: each sample must read the same here as in Python's configparser set up the
 * way bandersnatch sets it up ({@code delimiters="="}, case kept, BasicInterpolation). Skipped
 * when no python3 is on the PATH.
 */
class ConfigparserParityTest {
  private static final String BANDERSNATCH_PARSER = """
      import configparser, sys
      class C(configparser.ConfigParser):
          def __init__(self):
              super(configparser.ConfigParser, self).__init__(delimiters="=")
          def optionxform(self, s):
              return s
      def esc(s):
          return s.replace("\\\\", "\\\\\\\\").replace("\\n", "\\\\n").replace("\\t", "\\\\t")
      c = C()
      try:
          c.read_string(sys.stdin.read(), source="t")
      except configparser.Error:
          print("ERROR")
          sys.exit(0)
      for s in ["DEFAULT"] + c.sections():
          own = c.defaults() if s == "DEFAULT" else c._sections[s]
          for k in own:
              try:
                  v = esc(c.get(s, k))
              except configparser.Error:
                  v = "<INTERPOLATION-ERROR>"
              print(s + "\\t" + k + "\\t" + v)
      """;

  static Stream<String> samples() {
    return Stream.of(
        "[mirror]\ndirectory = /srv/pypi\nworkers=3\n",
        "[s]\nlist =\n    one\n\ttwo\n  three  \nnext = 1\n",
        "[s]\nv = first\n  second\n\n  # gone\n  third\n\n\nw = 2\n",
        "[s]\n  a = 1\n  b = 2\n    more\nc = 3\n      deeper\n",
        "[s]\na = 1\n  [t]\n[u]\nb = 2\n",
        "# c\n; c\n[s]\n  # indented\na = 1 ; kept\nb = x # kept\n\n\n",
        "[regex_project_metadata]\nnot-null:info.classifiers =\n  .*Python :: 2.*\nurl = a=b\n",
        "[DEFAULT]\nbase = /srv\n[mirror]\ndirectory = %(base)s/pypi\npct = 100%%\n[o]\n",
        "[DEFAULT]\na = 1\n[DEFAULT]\nb = 2\n[s]\nc = %(a)s%(b)s\n",
        "[s]\nbad = 50%\nmissing = %(nope)s\nsyntax = %(open\nloop = %(loop)s\n",
        "[s]\nx = %(y)s\ny = %(z)s\nz = end\n",
        "[s] trailing words\na = 1\n[a]b]\nc = 2\n",
        "[s]\na = 1\n[s]\n",
        "[s]\na = 1\na = 2\n",
        "a = 1\n[s]\n",
        "[s]\nno delimiter here\n",
        "[s]\n= value\n",
        "[s]\nempty =\nspaces =    \n  \n",
        "\n\n[s]\r\na = 1\r\nb =\r\n  x\r\n",
        "[ spaced ]\nKey = Value\n[Mirror]\nk=v\n");
  }

  @ParameterizedTest
  @MethodSource("samples")
  void readsLikeBandersnatchsConfigparser(String text) throws Exception {
    assertThat(java(text)).isEqualTo(python(text));
  }

  @Test
  void bandersnatchReadsOurDefaultConfigTheSameWay() throws Exception {
    String text = DefaultConfig.text();
    assertThat(python(text)).contains("mirror\tdirectory\t/srv/pypi").isEqualTo(java(text));
  }

  private static List<String> java(String text) {
    IniFile ini;
    try {
      ini = IniFile.parse(Path.of("t"), text);
    } catch (ConfigException e) {
      return List.of("ERROR");
    }
    List<String> out = new ArrayList<>();
    List<String> sections = new ArrayList<>(List.of("DEFAULT"));
    sections.addAll(ini.sections());
    for (String s : sections) {
      for (IniEntry e : ini.entries(s)) {
        String v;
        try {
          v = escape(ini.value(e));
        } catch (ConfigException x) {
          v = "<INTERPOLATION-ERROR>";
        }
        out.add(s + "\t" + e.key() + "\t" + v);
      }
    }
    return out;
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
  }

  private static List<String> python(String text) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder("python3", "-c", BANDERSNATCH_PARSER)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
    } catch (IOException e) {
      throw new AssertionError("python3 is needed for this test (see README): " + e.getMessage(), e);
    }
    try (var in = p.getOutputStream()) {
      in.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return out.lines().toList();
  }
}
