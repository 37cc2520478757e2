package dev.jubjub.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** The digests PyPI publishes for a file, and the one a wheel's RECORD uses. */
final class Digests {
  private Digests() {}

  static String sha256(byte[] data) {
    return HexFormat.of().formatHex(digest("SHA-256", data));
  }

  static String md5(byte[] data) {
    return HexFormat.of().formatHex(digest("MD5", data));
  }

  static String blake2b256(byte[] data) {
    return HexFormat.of().formatHex(Blake2b.digest(data, 32));
  }

  /** {@code sha256=<urlsafe base64 without padding>}, the RECORD hash format of PEP 376/427. */
  static String record(byte[] data) {
    return "sha256=" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest("SHA-256", data));
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has " + algorithm, e);
    }
  }
}
