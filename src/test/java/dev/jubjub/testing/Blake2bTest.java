package dev.jubjub.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Blake2bTest {
  // Expected values from Python's hashlib.blake2b(data, digest_size=32).
  @Test
  void matchesPythonHashlibOnShortEmptyAndMultiBlockInput() {
    assertThat(Digests.blake2b256("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
    assertThat(Digests.blake2b256(new byte[0]))
        .isEqualTo("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
    byte[] multiBlock = new byte[768];
    for (int i = 0; i < multiBlock.length; i++) {
      multiBlock[i] = (byte) i;
    }
    assertThat(Digests.blake2b256(multiBlock))
        .isEqualTo("b8007121274217790e2923e0ad7027986e5a99d5531ef6ae7d294140fc81615d");
  }

  @Test
  void realWheelsBlake2bIsTheirPyPIPath() {
    // dists/ holds unmodified files: PyPI's path is packages/<blake2b-256 split 2/2/60>/.
    var wheel = Universe.fromFixtures().require("wheel").file("wheel-0.40.0-py3-none-any.whl").orElseThrow();
    assertThat(wheel.urlPath()).isEqualTo(UpstreamFile.pathFor(wheel.blake2b256(), wheel.filename()));
  }
}
