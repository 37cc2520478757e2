package dev.jubjub.serve;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonApiTest {
  @Test
  void onlyPlainHostsAndPortsBecomeFileUrls() {
    for (String ok : new String[] {"mirror.example", "mirror.example:8080", "127.0.0.1:3141", "[::1]:8080", "LOCALHOST"}) {
      assertThat(JsonApi.isPlainAuthority(ok)).as(ok).isTrue();
    }
    for (String bad : new String[] {"", "evil/x", "a\"b", "a<b", "user@host", "host?x", "host#x", "a b", "x".repeat(300), null}) {
      assertThat(JsonApi.isPlainAuthority(bad)).as(String.valueOf(bad)).isFalse();
    }
  }
}
