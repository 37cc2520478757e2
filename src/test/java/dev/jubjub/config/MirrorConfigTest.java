package dev.jubjub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jubjub.config.MirrorConfig.CompareMethod;
import dev.jubjub.config.MirrorConfig.DigestName;
import dev.jubjub.config.MirrorConfig.SimpleFormat;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MirrorConfigTest {
  private static MirrorConfig mirror(String options) {
    return MirrorConfig.from(
        IniFile.parse(Path.of("bandersnatch.conf"), "[mirror]\ndirectory = /srv/pypi\n" + options));
  }

  @Test
  void fillsInBandersnatchsDefaults() {
    MirrorConfig c = mirror("");
    assertThat(c.directory()).isEqualTo(Path.of("/srv/pypi"));
    assertThat(c.master()).isEqualTo(URI.create("https://pypi.org"));
    assertThat(c.allowNonHttps()).isFalse();
    assertThat(c.proxy()).isEmpty();
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.globalTimeout()).isEqualTo(Duration.ofSeconds(1800));
    assertThat(c.workers()).isEqualTo(3);
    assertThat(c.verifiers()).isEqualTo(3);
    assertThat(c.hashIndex()).isFalse();
    assertThat(c.stopOnError()).isFalse();
    assertThat(c.deletePackages()).isFalse();
    assertThat(c.json()).isFalse();
    assertThat(c.releaseFiles()).isTrue();
    assertThat(c.coreMetadata()).isTrue();
    assertThat(c.compareMethod()).isEqualTo(CompareMethod.HASH);
    assertThat(c.digestName()).isEqualTo(DigestName.SHA256);
    assertThat(c.simpleFormat()).isEqualTo(SimpleFormat.ALL);
    assertThat(c.downloadMirror()).isEmpty();
    assertThat(c.downloadMirrorNoFallback()).isFalse();
    assertThat(c.rootUri()).isEmpty();
    assertThat(c.diffFile()).isEmpty();
    assertThat(c.diffAppendEpoch()).isFalse();
    assertThat(c.cleanup()).isFalse();
    assertThat(c.keepIndexVersions()).isZero();
    assertThat(c.storageBackend()).isEqualTo("filesystem");
    assertThat(c.storageFilesystemManagePermissions()).isTrue();
    assertThat(c.logConfig()).isEmpty();
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void readsEveryOption() {
    MirrorConfig c = mirror("""
        master = https://test.pypi.org/
        proxy = http://127.0.0.1:3128
        timeout = 2.5
        global-timeout = 18000
        workers = 8
        verifiers = 5
        hash-index = true
        stop-on-error = yes
        delete-packages = on
        json = 1
        release-files = true
        core-metadata = false
        compare-method = stat
        digest_name = MD5
        simple-format = json
        download-mirror = http://mirror.local/
        download-mirror-no-fallback = true
        root_uri = https://files.example.com
        diff-file = /var/log/diff
        diff-append-epoch = true
        cleanup = true
        keep_index_versions = 4
        storage-backend = s3
        storage-filesystem-manage-permissions = false
        log-config = /etc/log.conf
        """);
    assertThat(c.master()).isEqualTo(URI.create("https://test.pypi.org/"));
    assertThat(c.proxy()).contains(URI.create("http://127.0.0.1:3128"));
    assertThat(c.timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(c.globalTimeout()).isEqualTo(Duration.ofHours(5));
    assertThat(c.workers()).isEqualTo(8);
    assertThat(c.verifiers()).isEqualTo(5);
    assertThat(c.hashIndex()).isTrue();
    assertThat(c.stopOnError()).isTrue();
    assertThat(c.deletePackages()).isTrue();
    assertThat(c.json()).isTrue();
    assertThat(c.coreMetadata()).isFalse();
    assertThat(c.compareMethod()).isEqualTo(CompareMethod.STAT);
    assertThat(c.digestName()).isEqualTo(DigestName.MD5);
    assertThat(c.digestName().algorithm()).isEqualTo("MD5");
    assertThat(c.simpleFormat()).isEqualTo(SimpleFormat.JSON);
    assertThat(c.simpleFormat().html()).isFalse();
    assertThat(c.downloadMirror()).contains(URI.create("http://mirror.local/"));
    assertThat(c.downloadMirrorNoFallback()).isTrue();
    assertThat(c.rootUri()).contains("https://files.example.com");
    assertThat(c.diffFile()).contains(Path.of("/var/log/diff"));
    assertThat(c.diffAppendEpoch()).isTrue();
    assertThat(c.cleanup()).isTrue();
    assertThat(c.keepIndexVersions()).isEqualTo(4);
    assertThat(c.storageBackend()).isEqualTo("s3");
    assertThat(c.storageFilesystemManagePermissions()).isFalse();
    assertThat(c.logConfig()).contains(Path.of("/etc/log.conf"));
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void treatsAnEmptyValueAsUnsetAsBandersnatchsDefaultsDo() {
    MirrorConfig c = mirror("proxy =\nroot_uri =\ndiff-file =\nworkers =\nhash-index =\n");
    assertThat(c.proxy()).isEmpty();
    assertThat(c.rootUri()).isEmpty();
    assertThat(c.diffFile()).isEmpty();
    assertThat(c.workers()).isEqualTo(3);
    assertThat(c.hashIndex()).isFalse();
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', textBlock = """
      hash-index | maybe | expected a boolean (true/false, yes/no, on/off, 1/0)
      stop-on-error | 2 | expected a boolean (true/false, yes/no, on/off, 1/0)
      delete-packages | nope | expected a boolean (true/false, yes/no, on/off, 1/0)
      json | y | expected a boolean (true/false, yes/no, on/off, 1/0)
      workers | 0 | expected a whole number from 1 to 64
      workers | 65 | expected a whole number from 1 to 64
      workers | three | expected a whole number
      verifiers | -1 | expected a whole number from 1 to 64
      timeout | 0 | expected a positive number of seconds
      timeout | -5 | expected a positive number of seconds
      timeout | 10s | expected a number
      timeout | NaN | expected a number
      global-timeout | 1e10 | expected a positive number of seconds
      keep_index_versions | -1 | expected a whole number >= 0
      keep-index-versions | x | expected a whole number
      compare-method | md5 | expected one of hash, stat
      simple-format | XML | expected one of all, html, json
      digest_name | sha1 | expected one of sha256, md5
      master | ftp://pypi.org | expected a URL starting with http:// or https://
      master | pypi.org | expected a URL starting with http:// or https://
      master | http://pypi.org | the upstream must use https (set allow-non-https = true to allow plain http)
      master | https:///simple | the URL has no host
      master | https://:8080 | the URL has no host
      master | https://pypi.org: | the port after ':' is empty
      master | https://pypi.org:0 | port 0 is out of range
      master | https://pypi.org:abc | 'pypi.org:abc' is not a valid host and port
      master | https://pypi_org | 'pypi_org' is not a valid host and port
      master | localhost:8080 | expected a URL starting with http:// or https:// (did you mean http://localhost:8080?)
      master | https://py pi.org | not a valid URL (Illegal character in authority)
      proxy | ftp://proxy:21 | expected a URL starting with http:// or https://
      proxy | socks5://127.0.0.1:1080 | SOCKS proxies are not supported; use an HTTP proxy
      proxy | http://127.0.0.1:65536 | port 65536 is out of range
      master | https://127.0.0.1:99999 | port 99999 is out of range
      master | https://pypi.org/simple?x=1 | an index URL takes no query or fragment
      master | https://pypi.org/#top | an index URL takes no query or fragment
      master | https://pypi.org/simple | master is the index's base URL, without /simple (did you mean https://pypi.org?)
      master | https://mirror.example/pypi/simple/ | master is the index's base URL, without /simple (did you mean https://mirror.example/pypi?)
      download-mirror | mirror.local | expected a URL starting with http:// or https://
      diff-file | /x/{{nosuch_option}} | '{{nosuch_option}}' refers to option 'option' in [nosuch], which is not set
      diff-file | /x/{{mirror}} | '{{mirror}}' is not a {{section_option}} reference
      """)
  void rejectsAnInvalidValueNamingOptionValueAndLine(String key, String value, String reason) {
    assertThatThrownBy(() -> mirror("\n" + key + " = " + value + "\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("bandersnatch.conf:4: invalid value '" + value + "' for '" + key
            + "' in [mirror]: " + reason);
  }

  @Test
  void schemeAndHostAreCaseInsensitive() {
    MirrorConfig c = mirror("master = HTTPS://PyPI.Example:8443/Base\ndownload-mirror = HTTP://Files.Example\n");
    assertThat(c.master()).hasToString("https://pypi.example:8443/Base");
    assertThat(c.downloadMirror()).hasValueSatisfying(u -> assertThat(u).hasToString("http://files.example"));
  }

  @Test
  void refusesCredentialsInUrlsWithoutRepeatingThem() {
    for (String key : new String[] {"master", "download-mirror"}) {
      assertThatThrownBy(() -> mirror("\n" + key + " = https://user:s3cret@pypi.example/\n"))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("credentials in the URL are not supported")
          .hasMessageNotContaining("s3cret");
    }
    assertThatThrownBy(() -> mirror("\nproxy = http://s3cret@proxy.example:3128\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("proxy credentials need a user and a password")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void aProxyTakesALoginKeptForTheProxyAlone() {
    // configparser interpolation: a literal % is written %%, as for bandersnatch.
    MirrorConfig c = mirror("proxy = http://alice:s3cr%%40t@Proxy.Example:3128\n");
    assertThat(c.proxy()).hasValueSatisfying(p -> {
      assertThat(p.getHost()).isEqualTo("proxy.example");
      assertThat(p.getUserInfo()).isEqualTo("alice:s3cr@t");
    });
  }

  @Test
  void aPercentEncodedPasswordIsNotQuotedInAnInterpolationError() {
    assertThatThrownBy(() -> mirror("\nmaster = https://alice:S3cr%40tPassw0rd@pypi.example\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("credentials (not shown")
        .hasMessageNotContaining("S3cr")
        .hasMessageNotContaining("Passw0rd");
  }

  @Test
  void aPasswordOnALineOutsideAnySectionIsNotQuoted() {
    // Found by ConfigFuzzTest: the "outside any section" message quoted the whole line.
    assertThatThrownBy(() -> IniFile.parse(Path.of("b.conf"), "master = https://alice:S3cretPassw0rd@pypi.example\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("outside any section")
        .hasMessageContaining("https://***@pypi.example")
        .hasMessageNotContaining("S3cret");
  }

  @Test
  void refusesAFileAsTheMirrorDirectory(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path file = java.nio.file.Files.writeString(tmp.resolve("passwd"), "root:x:0:0");
    assertThatThrownBy(() -> MirrorConfig.from(IniFile.parse(Path.of("bandersnatch.conf"),
            "[mirror]\ndirectory = " + file + "\n")))
        .hasMessageContaining("this is a file, not a directory");
  }

  @Test
  void reportsInterpolationMistakesOnlyForOptionsItReads() {
    assertThat(mirror("comment-ish = 100% ignored\n").warnings()).hasSize(1);
    assertThatThrownBy(() -> mirror("download-mirror = https://files.example/p%40th\n"))
        .hasMessageStartingWith("bandersnatch.conf:3: cannot interpolate 'download-mirror' in [mirror]: '%'"
            + " must be followed by '%' or '(' (write '%%' for a literal '%')");
    assertThat(mirror("download-mirror = https://files.example/p%%40th\n").downloadMirror())
        .contains(URI.create("https://files.example/p%40th"));
  }

  @Test
  void interpolatesFromTheSectionAndDefault() {
    MirrorConfig c = MirrorConfig.from(IniFile.parse(Path.of("b.conf"), """
        [DEFAULT]
        root = /srv
        workers = 4
        [mirror]
        directory = %(root)s/pypi
        diff-file = %(directory)s/diff
        """));
    assertThat(c.directory()).isEqualTo(Path.of("/srv/pypi"));
    assertThat(c.diffFile()).contains(Path.of("/srv/pypi/diff"));
    assertThat(c.workers()).isEqualTo(4);
    assertThat(c.warnings()).as("[DEFAULT] options are not unknown [mirror] options").isEmpty();
  }

  @Test
  void resolvesSectionOptionReferencesInDiffFile() {
    MirrorConfig c = MirrorConfig.from(IniFile.parse(Path.of("b.conf"), """
        [strings]
        test = TESTING
        [mirror]
        directory = /srv/pypi
        diff-file = {{ mirror_directory }}/diffs/{{strings_test}}
        """));
    assertThat(c.diffFile()).contains(Path.of("/srv/pypi/diffs/TESTING"));
  }

  @Test
  void warnsAboutUnknownOptionsWithTheirLineAndASuggestion() {
    MirrorConfig c = mirror("worker = 3\nhash_index = true\nflavour = vanilla\n");
    assertThat(c.warnings()).containsExactly(
        "bandersnatch.conf:3: unknown option 'worker' in [mirror] (did you mean 'workers'?)",
        "bandersnatch.conf:4: unknown option 'hash_index' in [mirror] (did you mean 'hash-index'?)",
        "bandersnatch.conf:5: unknown option 'flavour' in [mirror]");
    assertThat(c.hashIndex()).as("a misspelt option does not take effect").isFalse();
  }

  @Test
  void acceptsOptionNamesInAnyCase() {
    MirrorConfig c = mirror("Hash-Index = TRUE\nWORKERS = 5\n");
    assertThat(c.hashIndex()).isTrue();
    assertThat(c.workers()).isEqualTo(5);
    assertThat(c.warnings()).isEmpty();
  }

  @Test
  void warnsAboveBandersnatchsWorkerLimit() {
    MirrorConfig c = mirror("workers = 20\n");
    assertThat(c.workers()).isEqualTo(20);
    assertThat(c.warnings()).containsExactly("bandersnatch.conf:3: workers = 20 is above"
        + " bandersnatch's limit of 10 (bandersnatch refuses to start); be gentle with the"
        + " upstream");
  }

  @Test
  void allowsPlainHttpUpstreamsWhenAskedOrOnLoopback() {
    assertThat(mirror("master = http://pypi.internal\nallow-non-https = true\n").master())
        .isEqualTo(URI.create("http://pypi.internal"));
    assertThat(mirror("master = http://127.0.0.1:8080\n").master().getPort()).isEqualTo(8080);
    assertThat(mirror("master = http://localhost:8080\n").master().getHost())
        .isEqualTo("localhost");
    assertThat(mirror("master = http://[::1]:8080/\n").warnings()).isEmpty();
  }

  @Test
  void linksToPypisFilesWhenReleaseFilesAreOffAndRootUriIsUnset() {
    MirrorConfig c = mirror("release-files = false\n");
    assertThat(c.rootUri()).contains("https://files.pythonhosted.org");
    assertThat(c.warnings()).containsExactly("bandersnatch.conf:3: release-files = false without"
        + " root_uri; index pages will link to https://files.pythonhosted.org (set root_uri to"
        + " choose)");
    assertThat(mirror("release-files = false\nroot_uri = https://x\n").warnings()).isEmpty();
  }

  @Test
  void ignoresNoFallbackWithoutADownloadMirror() {
    MirrorConfig c = mirror("download-mirror-no-fallback = true\n");
    assertThat(c.downloadMirrorNoFallback()).isFalse();
    assertThat(c.warnings()).containsExactly("bandersnatch.conf:3: download-mirror-no-fallback ="
        + " true has no effect without download-mirror");
  }

  @Test
  void acceptsBothSpellingsOfKeepIndexVersionsButNotTwoValues() {
    assertThat(mirror("keep_index_versions = 2\n").keepIndexVersions()).isEqualTo(2);
    assertThat(mirror("keep-index-versions = 3\n").keepIndexVersions()).isEqualTo(3);
    assertThat(mirror("keep-index-versions = 3\nkeep_index_versions = 3\n").keepIndexVersions())
        .isEqualTo(3);
    assertThatThrownBy(() -> mirror("keep_index_versions = 1\nkeep-index-versions = 3\n"))
        .hasMessage("bandersnatch.conf:4: keep-index-versions = 3 contradicts"
            + " keep_index_versions = 1; they are the same option, set only one");
  }

  @Test
  void treatsAZeroGlobalTimeoutAsBandersnatchDoes() {
    assertThat(mirror("global-timeout = 0\n").globalTimeout()).isEqualTo(Duration.ofHours(5));
  }

  @Test
  void requiresAMirrorSectionAndADirectory() {
    Path file = Path.of("b.conf");
    assertThatThrownBy(() -> MirrorConfig.from(IniFile.parse(file, "[plugins]\nenabled = all\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("b.conf: no [mirror] section; it must at least set 'directory', e.g."
            + " directory = /srv/pypi");
    assertThatThrownBy(() -> MirrorConfig.from(IniFile.parse(file, "[mirror]\nworkers = 3\n")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("b.conf: [mirror] has no 'directory'; set it to where the mirror lives, e.g."
            + " directory = /srv/pypi");
    assertThatThrownBy(() -> MirrorConfig.from(IniFile.parse(file, "[mirror]\ndirectory =\n")))
        .hasMessageContaining("has no 'directory'");
  }

  @Test
  void keepsTheWholeFileForOtherSections() {
    MirrorConfig c = MirrorConfig.from(IniFile.parse(Path.of("b.conf"), """
        [mirror]
        directory = /srv/pypi
        [plugins]
        enabled =
            blocklist_project
        [blocklist]
        packages =
            evil
        """));
    assertThat(c.ini().getList("plugins", "enabled")).containsExactly("blocklist_project");
    assertThat(c.ini().getList("blocklist", "packages")).containsExactly("evil");
  }

  @Test
  void refusesInvalidValuesWhenBuiltDirectly() {
    MirrorConfig ok = mirror("");
    assertThatThrownBy(() -> new MirrorConfig(ok.directory(), ok.master(), false, ok.proxy(), ok.caBundle(),
        ok.timeout(), ok.globalTimeout(), 0, 3, false, false, false, false, true, true,
        CompareMethod.HASH, DigestName.SHA256, SimpleFormat.ALL, ok.downloadMirror(), false,
        ok.rootUri(), ok.diffFile(), false, false, 0, "filesystem", true, ok.logConfig(),
        ok.ini(), ok.warnings()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("workers must be 1..64");
  }

  @Test
  void suggestsTheClosestKnownOption() {
    assertThat(MirrorSection.suggestion("directroy")).contains("directory");
    assertThat(MirrorSection.suggestion("digest-name")).contains("digest_name");
    assertThat(MirrorSection.suggestion("something")).isEmpty();
    assertThat(EditDistance.of("kitten", "sitting")).isEqualTo(3);
  }
}
