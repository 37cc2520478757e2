package dev.jubjub.pypi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.security.NoSuchProviderException;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NativeSha256Test {
  @BeforeAll
  static void install() {
    NativeSha256.install();
  }

  /** This machine kind has libcrypto 3 and JDK 25: the fast path must be the one tested. */
  @Test
  void libcryptoAnswersSha256() throws Exception {
    assertTrue(NativeSha256.available(), "libcrypto.so.3 could not be linked");
    assertEquals("jubjub-libcrypto", MessageDigest.getInstance("SHA-256").getProvider().getName());
    assertEquals("jubjub-libcrypto", Sha256.newDigest().getProvider().getName());
  }

  @Test
  void agreesWithTheJdkOnEverySizeAndOffset() throws NoSuchProviderException, Exception {
    Random random = new Random(42);
    for (int size : new int[] {0, 1, 55, 56, 63, 64, 65, 1000, 65_536, 1_000_003}) {
      byte[] data = new byte[size + 7];
      random.nextBytes(data);
      MessageDigest jdk = MessageDigest.getInstance("SHA-256", "SUN");
      MessageDigest ours = MessageDigest.getInstance("SHA-256");
      jdk.update(data, 3, size);
      // In uneven pieces, single bytes among them, as streams deliver them.
      int at = 3;
      while (at < size + 3) {
        int n = Math.min(size + 3 - at, 1 + random.nextInt(5000));
        if (n == 1) {
          ours.update(data[at]);
        } else {
          ours.update(data, at, n);
        }
        at += n;
      }
      assertArrayEquals(jdk.digest(), ours.digest(), "size " + size);
    }
  }

  @Test
  void resetsAfterDigestAndClonesMidStream() throws Exception {
    MessageDigest ours = MessageDigest.getInstance("SHA-256");
    ours.update("hello ".getBytes());
    MessageDigest copy = (MessageDigest) ours.clone();
    ours.update("world".getBytes());
    copy.update("there".getBytes());
    assertEquals(Sha256.of("hello world"), java.util.HexFormat.of().formatHex(ours.digest()));
    assertEquals(Sha256.of("hello there"), java.util.HexFormat.of().formatHex(copy.digest()));
    ours.update("abc".getBytes());
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        java.util.HexFormat.of().formatHex(ours.digest()));
    assertEquals(32, ours.getDigestLength());
  }
}
