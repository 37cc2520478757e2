package dev.jubjub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3ConfigTest {
  private static S3Config read(String directory, String s3, List<String> warnings) {
    MirrorConfig mirror = MirrorConfig.from(IniFile.parse(Path.of("b.conf"),
        "[mirror]\ndirectory = " + directory + "\nstorage-backend = s3\n\n[s3]\n" + s3));
    return S3Config.from(mirror, warnings);
  }

  @Test
  void bandersnatchsS3SectionReadsAsItsPluginReadsIt() {
    List<String> warnings = new ArrayList<>();
    S3Config c = read("/pypi-mirror/pypi/sub", """
        region_name = eu-west-1
        aws_access_key_id = AKIAEXAMPLE
        aws_secret_access_key = s3cr3t-value
        endpoint_url = http://minio.example:9000
        signature_version = s3v4
        config_param_ServerSideEncryption = AES256
        config_param_ACL = public-read
        verify_concurrency = 10
        """, warnings);
    assertThat(c.bucket()).isEqualTo("pypi-mirror");
    assertThat(c.prefix()).isEqualTo("pypi/sub");
    assertThat(c.region()).contains("eu-west-1");
    assertThat(c.pathStyle()).as("an endpoint_url means a compatible server: path-style").isTrue();
    assertThat(c.putParameters()).containsEntry("ServerSideEncryption", "AES256").containsEntry("ACL", "public-read");
    assertThat(c.lockTtl()).isEqualTo(Duration.ofSeconds(120));
    assertThat(c.toString()).doesNotContain("s3cr3t-value");
    assertThat(warnings).singleElement().asString().contains("verify_concurrency is not used")
        .contains("[mirror] verifiers");
  }

  @Test
  void mistakesAreNamedWithTheFormToUse() {
    assertThatThrownBy(() -> read("s3://pypi-mirror/pypi", "", new ArrayList<>()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not the URL s3://pypi-mirror/pypi: directory = /pypi-mirror/pypi");
    assertThatThrownBy(() -> read("/pypi-mirror/pypi", "config_param_Tagging = a=b\n", new ArrayList<>()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("config_param_Tagging").hasMessageContaining("config_param_ACL");
    assertThatThrownBy(() -> read("/pypi-mirror/pypi", "signature_version = s3\n", new ArrayList<>()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("only s3v4");
    assertThatThrownBy(() -> read("/pypi-mirror/pypi", "aws_access_key_id = AKIA\n", new ArrayList<>()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("set both, or neither");
    assertThatThrownBy(() -> read("/B", "", new ArrayList<>()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not a valid bucket name");
    assertThatThrownBy(() -> read("/pypi-mirror/pypi", "lock_ttl = 2\n", new ArrayList<>()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("expected 5 to 86400 seconds");
    assertThatThrownBy(() -> read("/pypi-mirror/pypi", "lock_ttl = 2000000000\n", new ArrayList<>()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("expected 5 to 86400 seconds");
    assertThatThrownBy(() -> read("/mirror/../other/x", "", new ArrayList<>()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("has a '..' part");
  }
}
