package dev.jubjub.pypi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Compares Version, SpecifierSet, Requirement and DistFilename with the {@code packaging} library that
 * bandersnatch runs on (26.x here), case by case. Skipped where python3 or packaging >= 26 is
 * missing. Known, documented deviations are listed where they apply.
 */
class PackagingParityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  static final List<String> VERSIONS =
      List.of(
          "1.0", "1.0.0", "1", "1!1.0", "0!1.0", "1.0a1", "1.0alpha1", "1.0-a1", "1.0.a1", "1.0_a_1", "1.0A1",
          "1.0b2", "1.0beta2", "1.0c1", "1.0rc1", "1.0pre1", "1.0preview1", "1.0RC1", "1.0a", "1.0rc", "1.0.post1",
          "1.0post1", "1.0-post1", "1.0-1", "1.0.r1", "1.0rev1", "1.0.post", "1.0-r", "1.0.dev1", "1.0dev1",
          "1.0-dev", "1.0.dev", "1.0a1.dev1", "1.0a1.post1", "1.0a1.post1.dev1", "1.0.post1.dev1", "1.0+local",
          "1.0+LOCAL.1", "1.0+abc.5", "1.0+abc.10", "1.0+5", "1.0+05", "1.0+abc_def-1", "1.0+1.abc", "1.0+abc",
          "1.0+abd", "1.0+abc.a", "1.0+abc.5.1", "v1.0", "V1.0", " 1.0 ", "\t1.0\n", "01.02.03", "1.0.0.0.0",
          "2012.10", "0.0", "0", "1.0.0a0", "1.0a0", "1.0.dev0", "1.0rc1.post1.dev2+ubuntu.1", "1!0.1", "2!0",
          "1.0.post0", "1.0-0", "1.0a1-1", "1.1.dev1", "1.1a1", "1.0-dev-1", "1.0a.1", "1.0.a.1", "1.0-preview-3",
          "1.0_post_2", "1.0-c-4", "99999999999999999999999.1", "1.0.99999999999999999999", "0.9.post1",
          "\u00a01.0\u2003", "\u001c1.0", "1.0.0.dev0+x", "1.0a1+local", "1.0.post1+local",
          // mostly invalid; packaging decides (it strips U+0085, for one)
          "", "a", "1.0-beta-final-x", "2004d", "1.0.", ".1", "1..0", "1.0+", "1.0+.a", "1.0+a..b", "1.0-",
          "1.0a1a1", "1.0 beta", "1.0+lo cal", "1!", "!1.0", "1.0.post1.post2", "1.0dev1.a1", "\uff11.0",
          "1.0+\u00e1bc", "1,0", "1.0.dev1.dev2", "1.0-rc-1-1", "vv1.0", "1.0.*", "1.0+local+2", "1.0a1b2",
          "0x10", "1.0_", "1.0--1", "1.0+_a", "1.0\u0085", "1!2!3");

  static final List<String> SPECIFIERS =
      List.of(
          "==1.0", "==1.0.0", "==1", "==1.0+local", "==1.0+LOCAL", "==1.*", "==1.0.*", "==1.0.0.*", "==2.*",
          "==1!1.*", "!=1.0", "!=1.*", "!=1.0+x", "<=1.0", ">=1.0", "<1.0", ">1.0", "<1.0rc1", ">1.0rc1",
          "<1.0.post1", ">1.0.post1", ">1.0.dev1", "<1.0.dev1", ">=1.0a1", "<=1.0a1", "~=1.0", "~=1.0.0",
          "~=1.4.5a4", "~=2.2.post3", "~=1!1.0", "~=0.9", "~=1.0.dev0", "===1.0", "===1.0.0", "===foobar",
          ">= 1.0", "== 1.0.*", " <2 ", ">=v1.0", "==1.0.post1", "==1.0a1", "!=1.0a1", "<2.dev0", ">1.0+x",
          ">=1.0, <2.0", "~=1.0, !=1.0.5", ">1.0, <1.1", "==1.0.*, !=1.0.3", ">=1.0a1, <2", "", ",", " , ",
          ">=1.0 ,<2", "<1.0,>1.0", "===1.0a1", ">=1.0rc1,!=1.0rc2", "<1.0a2", ">1.0a1", "<=1!1.0",
          "v1.0", "<1.0+local", ">=1.0.*", "~=1", "~=1.0.*", "=1.0", "==1.0.*.*", "==1.0.*+local", ">>1.0",
          "==1.0a1.*", "1.0", "== ", "~=1.0+x", "<=1.0,", ">=1.0;", "~=1.4.5c1", "~=v1.4.5", "~=1.4.5.RC1",
          "~=1.4.5-1", "~=1.4.5.post1", "~=1.4.5.dev1", "~=01.04", "==01.0.*", "!=1.0.0.*", "==1.0.post1+x",
          "===1.0+LOCAL", "===1.0.0a1", "===", "<0", "<0.dev0", ">=0.dev0", "==0.*", "~=1.4.5-alpha4");

  static final List<String> SPEC_VERSIONS =
      List.of(
          "0.9", "1.0", "1.0.0", "1.0+local", "1.0+x", "1.0.1", "1.0.3", "1.0.5", "1.0a1", "1.0a2", "1.0rc1",
          "1.0rc2", "1.0.dev1", "1.0.dev0", "1.0.post1", "1.0.post1.dev1", "1.0.post2", "1.0.post1+x", "1.1",
          "1.1a1", "1.1.dev0", "1.4.5", "1.4.6", "1.5", "2.0", "2.0a1", "2.0.dev0", "2.2.post3", "2.3", "3.0",
          "1!1.0", "1!1.5", "1!2.0", "0.9.post1", "1.0rc1+l", "1.0a1.post1", "0!1.0", "1.4.5a4", "1.4.5a5",
          "0.dev0", "1.0.post0");

  static final List<String> REQUIREMENTS =
      List.of(
          "foo", "Foo_Bar", "foo==1.0", "foo>=1.2,<2", "foo >= 1.2 , < 2", "foo (>=1.0)", "foo(>=1.0,<2)",
          "foo[bar]", "foo[bar,baz]>=1", "foo[ bar , baz ]", "foo [bar]", "foo[]", "foo[bar baz]",
          "foo @ https://x/y.whl", "foo@https://x/y.whl", "foo @ https://x/y.whl ; python_version<'3'",
          "foo @ https://x/y.whl;python_version<'3'", "foo; python_version >= '3.8'", "foo>=1;python_version>='3'",
          "foo ; os_name == 'nt' and (sys_platform == 'win32' or extra == 'x')", "foo; python_version ~= '3.8'",
          "foo; 'x' in extra", "foo; 'x' not in extra", "foo; python_version >= \"3.8\"", "foo; bogus == '1'",
          "foo; python_version", "foo==1.0.*", "foo>=1.0.*", "foo>=1.0+local", "foo==1.0+local", "foo===weird",
          "foo bar", "-r x", "1foo", "foo-", "foo.", "foo>=1.0abc", "foo>=1.0,", "foo,>=1", "foo (>=1.0",
          "foo>=1.0)", "foo @", "foo @ ", "foo==1.0 ; ", "foo; (python_version>'3'",
          "foo;python_version>'3'and os_name=='x'", "foo; platform.machine == 'x'", "foo; os.name=='nt'",
          "foo; implementation_version > '1'", "foo~=1.0", "foo~=1", "foo!=1.0", "foo<1.0", "foo >1.0", " foo ",
          "\tfoo", "", "foo==1.0 # comment", "foo[bar]@ https://x", "foo[bar] @ https://x", "foo (== 1.0) ; extra=='a'",
          "foo;python_version<'3'or python_version>'3.5'", "foo; python_version notin '3'",
          "foo; python_version not  in '3'", "foo; (python_version > '3' and (os_name == 'x'))", "foo ==1.0 ,",
          "foo>=1.0 <2", "foo[bar,]", "foo[,bar]", "foo[b-a_r.1]", "Foo.Bar-baz_9", "foo; extras == 'x'",
          "foo; dependency_groups == 'x'", "foo; python_versions == '1'", "foo==1.0;", "foo; '1' == '1'",
          "foo==1.0\n", "foo\u00e9", "foo ( >= 1.0 , < 2 )", "foo_", "foo_>=1", "foo>=1.0 ; python_version > '3' ;",
          "foo (>=1.0) @ https://x", "foo @ https://x ; ", "foo @ https://x\t; os_name=='x'", "foo\t>=1",
          "foo>= 1.0", "foo>=\u00a01.0", "foo>=1.0\u00a0", "foo ; python_version>'3'  ", "foo;  ( os_name=='x' )",
          "foo; os_name=='x' or", "foo; os_name==x", "foo; os_name=='x' and and", "FOO[A]", "foo ~= 1.0",
          "foo === 1.0 ", "foo===1.0)", "foo(===1.0)", "foo; python_version in '2.7 3.5'");

  @Test
  void versionsNormalizeClassifyAndSortAsPackagingDoes() throws Exception {
    List<String> corpus = new ArrayList<>(VERSIONS);
    corpus.addAll(generatedVersions());
    List<JsonNode> expected = python(VERSION_SCRIPT, corpus);
    List<Version> valid = new ArrayList<>();
    for (int i = 0; i < corpus.size(); i++) {
      JsonNode want = expected.get(i);
      Optional<Version> got = Version.tryParse(corpus.get(i));
      String label = "version " + ProjectName.printable(corpus.get(i));
      assertThat(got.isPresent()).as(label + " validity").isEqualTo(want.get("valid").asBoolean());
      if (got.isEmpty()) {
        continue;
      }
      Version v = got.get();
      valid.add(v);
      assertThat(v.toString()).as(label).isEqualTo(want.get("str").asText());
      assertThat(v.isPrerelease()).as(label + " pre").isEqualTo(want.get("pre").asBoolean());
      assertThat(v.isDevrelease()).as(label + " dev").isEqualTo(want.get("dev").asBoolean());
      assertThat(v.isPostrelease()).as(label + " post").isEqualTo(want.get("post").asBoolean());
      assertThat(v.baseVersion().toString()).as(label + " base").isEqualTo(want.get("base").asText());
      assertThat(v.publicVersion().toString()).as(label + " public").isEqualTo(want.get("public").asText());
    }
    // Rank among distinct versions: equal versions share a rank, so order and equality both count.
    List<Version> distinct = new ArrayList<>(new TreeSet<>(valid));
    int k = 0;
    for (int i = 0; i < corpus.size(); i++) {
      JsonNode want = expected.get(i);
      if (want.get("valid").asBoolean()) {
        Version v = valid.get(k++);
        assertThat(distinct.indexOf(v)).as("rank of " + corpus.get(i)).isEqualTo(want.get("rank").asInt());
        assertThat(v.hashCode()).isEqualTo(distinct.get(distinct.indexOf(v)).hashCode());
      }
    }
    assertThat(valid).hasSizeGreaterThan(200);
  }

  /** A seeded sample of segment spellings combined, so ordering is checked across all of them. */
  static List<String> generatedVersions() {
    List<String> out = new ArrayList<>();
    Random random = new Random(440);
    String[] epochs = {"", "1!"};
    String[] releases = {"1", "1.0", "1.0.0", "1.1", "0.9", "2", "1.0.1"};
    String[] pres = {"", "a1", "b2", "rc1", "a0", ".alpha2", "c1"};
    String[] posts = {"", ".post1", ".post0", "-2"};
    String[] devs = {"", ".dev0", ".dev3"};
    String[] locals = {"", "+abc", "+1", "+abc.1", "+1.abc", "+ABC.01"};
    for (int i = 0; i < 400; i++) {
      out.add(
          epochs[random.nextInt(epochs.length)] + releases[random.nextInt(releases.length)]
              + pres[random.nextInt(pres.length)] + posts[random.nextInt(posts.length)]
              + devs[random.nextInt(devs.length)] + locals[random.nextInt(locals.length)]);
    }
    return out;
  }

  @Test
  void specifierSetsContainWhatPackagingContains() throws Exception {
    List<String> cases = new ArrayList<>();
    for (String spec : SPECIFIERS) {
      for (String version : SPEC_VERSIONS) {
        cases.add(spec + "\u0000" + version);
      }
    }
    List<JsonNode> expected = python(SPECIFIER_SCRIPT, cases);
    int compared = 0;
    for (int i = 0; i < cases.size(); i++) {
      String[] c = cases.get(i).split("\u0000", -1);
      JsonNode want = expected.get(i);
      String label = "spec " + ProjectName.printable(c[0]) + " version " + c[1];
      SpecifierSet set;
      try {
        set = SpecifierSet.parse(c[0]);
      } catch (IllegalArgumentException e) {
        assertThat(want.get("valid").asBoolean()).as(label + " should parse: " + e.getMessage()).isFalse();
        continue;
      }
      assertThat(want.get("valid").asBoolean()).as(label + " should not parse").isTrue();
      assertThat(set.toString()).as(label + " str").isEqualTo(want.get("str").asText());
      assertThat(set.mentionsPrerelease()).as(label + " prereleases").isEqualTo(want.get("mentions").asBoolean());
      Version v = Version.parse(c[1]);
      if (KNOWN_COMPATIBLE_DEVIATIONS.contains(c[0])) {
        continue;
      }
      assertThat(set.contains(v, true)).as(label + " with pre-releases").isEqualTo(want.get("withPre").asBoolean());
      assertThat(set.contains(v, false)).as(label + " by default").isEqualTo(want.get("default").asBoolean());
      compared++;
    }
    assertThat(compared).isGreaterThan(1500);
  }

  /**
   * packaging 26 takes the {@code ~=} prefix from the spelling, so {@code ~=1.4.5c1} means
   * {@code ==1.4.5.*} and {@code ~=v1.4.5} matches nothing; PEP 440's {@code ==1.4.*} is kept here.
   */
  private static final List<String> KNOWN_COMPATIBLE_DEVIATIONS = List.of("~=1.4.5c1", "~=v1.4.5", "~=1.4.5.RC1");

  /** Names PEP 508 forbids but packaging's tokenizer lets through; ProjectName refuses them. */
  private static final List<String> KNOWN_NAME_DEVIATIONS = List.of("foo_", "foo_>=1");

  @Test
  void requirementsParseAsPackagingParsesThem() throws Exception {
    List<JsonNode> expected = python(REQUIREMENT_SCRIPT, REQUIREMENTS);
    for (int i = 0; i < REQUIREMENTS.size(); i++) {
      String text = REQUIREMENTS.get(i);
      JsonNode want = expected.get(i);
      String label = "requirement " + ProjectName.printable(text);
      Requirement got;
      try {
        got = Requirement.parse(text);
      } catch (IllegalArgumentException e) {
        if (!KNOWN_NAME_DEVIATIONS.contains(text)) {
          assertThat(want.get("valid").asBoolean()).as(label + " should parse: " + e.getMessage()).isFalse();
        }
        continue;
      }
      assertThat(want.get("valid").asBoolean()).as(label + " should not parse").isTrue();
      assertThat(got.name().display()).as(label).isEqualTo(want.get("name").asText());
      assertThat(String.join(",", got.extras())).as(label).isEqualTo(want.get("extras").asText());
      assertThat(got.specifiers().toString()).as(label).isEqualTo(want.get("specifier").asText());
      assertThat(got.url().orElse("")).as(label).isEqualTo(want.get("url").asText());
      assertThat(got.marker().isPresent()).as(label + " marker").isEqualTo(want.get("marker").asBoolean());
    }
  }

  static final List<String> FILENAMES =
      List.of(
          "foo_bar-1.0-py2.py3-none-any.whl", "numpy-2.0.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
          "pip-23.2.1-1-py3-none-any.whl", "pip-23.2.1-12abc-py3-none-any.whl", "Foo-1.0rc1.post2-cp27-cp27mu-linux_x86_64.whl",
          "foo-1!2.0-py3-none-win_amd64.whl", "cryptography-41.0.4-cp37-abi3-macosx_10_12_universal2.whl",
          "foo-1.0-PY3-NONE-ANY.whl", "foo-1.0-pp39-pypy39_pp73-win_amd64.whl", "foo_bar-1.0.tar.gz",
          "foo-2.0.post1.zip", "foo.bar-1.0a1.tar.gz", "foo-1.0.tar.gz", "foo_bar-1!1.0.dev3.tar.gz");

  @Test
  void distributionFileNamesSplitAsPackagingSplitsThem() throws Exception {
    List<JsonNode> expected = python(FILENAME_SCRIPT, FILENAMES);
    for (int i = 0; i < FILENAMES.size(); i++) {
      JsonNode want = expected.get(i);
      DistFilename got = DistFilename.parse(FILENAMES.get(i));
      String label = FILENAMES.get(i);
      assertThat(ProjectName.normalize(got.project())).as(label).isEqualTo(want.get("name").asText());
      assertThat(got.pep440Version().map(Version::toString)).as(label).contains(want.get("version").asText());
      if (got.kind() == DistFilename.Kind.WHEEL) {
        assertThat(got.build().orElse("")).as(label).isEqualTo(want.get("build").asText());
        List<String> tags = new ArrayList<>();
        for (String py : got.pythonTags()) {
          for (String abi : got.abiTags()) {
            for (String platform : got.platformTags()) {
              tags.add((py + "-" + abi + "-" + platform).toLowerCase(Locale.ROOT));
            }
          }
        }
        assertThat(new TreeSet<>(tags)).as(label).containsExactlyElementsOf(JSON.convertValue(want.get("tags"), STRINGS));
      }
    }
  }

  private static final String PRELUDE =
      """
      import json, sys
      import packaging
      if int(packaging.__version__.split(".")[0]) < 26:
          print("OLD " + packaging.__version__); sys.exit(0)
      def out(d): print(json.dumps(d))
      inputs = json.load(sys.stdin)
      """;

  private static final String VERSION_SCRIPT =
      PRELUDE
          + """
          from packaging.version import Version, InvalidVersion
          parsed = []
          for s in inputs:
              try: parsed.append(Version(s))
              except InvalidVersion: parsed.append(None)
          distinct = sorted(set(v for v in parsed if v is not None))
          for v in parsed:
              if v is None: out({"valid": False}); continue
              out({"valid": True, "str": str(v), "pre": v.is_prerelease, "dev": v.is_devrelease,
                   "post": v.is_postrelease, "base": v.base_version, "public": v.public,
                   "rank": distinct.index(v)})
          """;

  private static final String SPECIFIER_SCRIPT =
      PRELUDE
          + """
          from packaging.specifiers import SpecifierSet, InvalidSpecifier
          from packaging.version import Version
          for case in inputs:
              spec, text = case.split("\\0")
              version = Version(text)
              try: s = SpecifierSet(spec)
              except InvalidSpecifier: out({"valid": False}); continue
              mentions = bool(s.prereleases)
              out({"valid": True, "str": str(s), "mentions": mentions,
                   "withPre": s.contains(version, prereleases=True),
                   "default": s.contains(version, prereleases=mentions)})
          """;

  private static final String REQUIREMENT_SCRIPT =
      PRELUDE
          + """
          from packaging.requirements import Requirement, InvalidRequirement
          for text in inputs:
              try: r = Requirement(text)
              except InvalidRequirement: out({"valid": False}); continue
              out({"valid": True, "name": r.name, "extras": ",".join(sorted(r.extras)),
                   "specifier": str(r.specifier), "url": r.url or "", "marker": r.marker is not None})
          """;

  private static final String FILENAME_SCRIPT =
      PRELUDE
          + """
          from packaging.utils import parse_wheel_filename, parse_sdist_filename
          for f in inputs:
              if f.endswith(".whl"):
                  name, version, build, tags = parse_wheel_filename(f)
                  out({"name": name, "version": str(version),
                       "build": "".join(str(b) for b in build), "tags": sorted(str(t) for t in tags)})
              else:
                  name, version = parse_sdist_filename(f)
                  out({"name": name, "version": str(version)})
          """;

  /** Runs {@code script} on the JSON list {@code inputs}; one JSON object per input comes back. */
  static List<JsonNode> python(String script, List<String> inputs) throws Exception {
    Process process;
    try {
      ProcessBuilder builder = new ProcessBuilder("python3", "-c", script);
      builder.environment().keySet().removeIf(k -> k.startsWith("PYTHON") || k.startsWith("PIP_"));
      builder.environment().put("PIP_CONFIG_FILE", "/dev/null");
      process = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      throw new AssertionError("python3 is needed for this test (see README): " + e.getMessage(), e);
    }
    try (var in = process.getOutputStream()) {
      in.write(JSON.writeValueAsBytes(inputs));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue() == 0 || !output.isEmpty()).as("python3 cannot import packaging").isTrue();
    assertThat(output).as("packaging 26 is needed (this machine kind ships 26.2)").doesNotStartWith("OLD ");
    assertThat(process.exitValue()).as(output).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : output.split("\n")) {
      lines.add(JSON.readTree(line));
    }
    assertThat(lines).hasSize(inputs.size());
    return lines;
  }
}
