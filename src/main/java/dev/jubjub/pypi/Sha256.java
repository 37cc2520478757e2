package dev.jubjub.pypi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** sha256, the digest PyPI publishes for every file, as lower-case hex. */
public final class Sha256 {
  private Sha256() {}

  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  public static String hex(MessageDigest digest) {
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Whether {@code s} is a sha256 as PyPI writes it: 64 lower-case hex digits. */
  public static boolean isHex(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  public static String of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  public static String of(byte[] bytes) {
    MessageDigest d = newDigest();
    d.update(bytes);
    return hex(d);
  }

  /** Reads {@code in} to its end. */
  public static String of(InputStream in) throws IOException {
    MessageDigest d = newDigest();
    byte[] buffer = new byte[128 * 1024];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      d.update(buffer, 0, n);
    }
    return hex(d);
  }
}
