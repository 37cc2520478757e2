package dev.jubjub.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** A minimal ustar writer, gzipped: regular files only, fixed owner and mtime, so output is stable. */
final class TarGz {
  private static final int BLOCK = 512;

  private TarGz() {}

  /** Files in iteration order; names must be ASCII and under 100 bytes (ours are). */
  static byte[] write(Map<String, byte[]> files, long mtimeEpochSeconds) {
    var tar = new ByteArrayOutputStream();
    files.forEach(
        (name, data) -> {
          tar.writeBytes(header(name, data.length, mtimeEpochSeconds));
          tar.writeBytes(data);
          tar.writeBytes(new byte[(BLOCK - data.length % BLOCK) % BLOCK]);
        });
    tar.writeBytes(new byte[2 * BLOCK]); // end-of-archive marker
    var gz = new ByteArrayOutputStream();
    // GZIPOutputStream writes a zero mtime and no file name, so the header is constant too.
    try (var out = new GZIPOutputStream(gz)) {
      out.write(tar.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return gz.toByteArray();
  }

  private static byte[] header(String name, long size, long mtime) {
    byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
    if (nameBytes.length >= 100) {
      throw new IllegalArgumentException("tar name too long: " + name);
    }
    byte[] h = new byte[BLOCK];
    put(h, 0, nameBytes);
    put(h, 100, octal(0644, 8));
    put(h, 108, octal(0, 8)); // uid
    put(h, 116, octal(0, 8)); // gid
    put(h, 124, octal(size, 12));
    put(h, 136, octal(mtime, 12));
    put(h, 148, "        ".getBytes(StandardCharsets.US_ASCII)); // checksum counts as spaces
    h[156] = '0'; // regular file
    put(h, 257, "ustar\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 263, "00".getBytes(StandardCharsets.US_ASCII));
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII));
    return h;
  }

  /** Zero-padded octal digits followed by a NUL, filling {@code width} bytes. */
  private static byte[] octal(long value, int width) {
    String digits = String.format("%0" + (width - 1) + "o", value);
    return (digits + "\0").getBytes(StandardCharsets.US_ASCII);
  }

  private static void put(byte[] target, int offset, byte[] bytes) {
    System.arraycopy(bytes, 0, target, offset, bytes.length);
  }
}
