package dev.jubjub.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Who holds a lock on a file, from Linux's {@code /proc/locks}: the pid and its command line, for
 * the message of a refused run. Java's file locks cannot ask (F_GETLK), and a message naming the
 * holder saves the operator a search. Empty where there is no {@code /proc/locks} or no match.
 */
final class LockHolder {
  private static final Path PROC_LOCKS = Path.of("/proc/locks");

  private LockHolder() {}

  /** "pid 1234: jubjub mirror -c /etc/bandersnatch.conf", or empty. */
  static Optional<String> of(Path file) {
    try {
      long inode = ((Number) Files.getAttribute(file, "unix:ino")).longValue();
      long dev = ((Number) Files.getAttribute(file, "unix:dev")).longValue();
      // Linux's encoding of st_dev (new_decode_dev); /proc/locks prints major:minor:inode, in hex.
      long major = ((dev >>> 8) & 0xfff) | ((dev >>> 32) & ~0xfffL);
      long minor = (dev & 0xff) | ((dev >>> 12) & ~0xffL);
      String id = String.format("%02x:%02x:%d", major, minor, inode);
      for (String line : Files.readAllLines(PROC_LOCKS, StandardCharsets.US_ASCII)) {
        String[] f = line.trim().split("\\s+");
        // "1: POSIX  ADVISORY  WRITE 12345 08:01:1234567 0 EOF"; "->" marks a waiter, with one more field.
        if (f.length >= 6 && !f[1].equals("->") && f[1].equals("POSIX") && f[5].equals(id)) {
          return Optional.of("pid " + f[4] + commandLine(f[4]));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Another OS, or /proc unreadable: the message goes without the holder.
    }
    return Optional.empty();
  }

  private static String commandLine(String pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", pid, "cmdline"));
      String cmd = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
      if (cmd.length() > 160) {
        cmd = cmd.substring(0, 157) + "...";
      }
      return cmd.isEmpty() ? "" : ": " + cmd;
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
