package dev.jubjub.pypi;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One distribution file (wheel, sdist, ...) of a release, as listed by upstream.
 *
 * @param version the release it belongs to
 * @param packagePath the path below {@code packages/} taken from the upstream URL, validated to be
 *     a safe relative path ending in the file name; the mirror stores the file at {@code
 *     web/packages/<packagePath>}, as bandersnatch does
 * @param coreMetadataSha256 the sha256 of the PEP 658 core metadata file, when upstream has one
 */
public record DistFile(
    String version,
    String filename,
    URI url,
    String packagePath,
    String sha256,
    long size,
    String uploadTime,
    Optional<String> requiresPython,
    boolean yanked,
    Optional<String> yankedReason,
    String packageType,
    Optional<String> coreMetadataSha256) {

  private static final Pattern SAFE_SEGMENT = Pattern.compile("^[A-Za-z0-9._+~!-][A-Za-z0-9._+~!=-]*$");
  /** The largest file PyPI accepts is a few GB; a larger claim is hostile or broken. */
  static final long MAX_SIZE = 100L * 1024 * 1024 * 1024;
  /**
   * File systems allow 255 bytes in a name (the segments are ASCII), and a file's core metadata
   * and provenance sit beside it under its name plus {@code .metadata} or {@code .provenance}. A
   * longer name would fail every run's {@code stat} as a fault of the mirror's own storage,
   * stopping the whole run.
   */
  static final int MAX_SEGMENT = 255 - ".provenance".length();

  public DistFile {
    if (!Sha256.isHex(sha256)) {
      throw new IllegalArgumentException(
          "file " + ProjectName.printable(filename) + ": invalid sha256 " + ProjectName.printable(sha256));
    }
    if (size < 0 || size > MAX_SIZE) {
      throw new IllegalArgumentException("file " + ProjectName.printable(filename) + ": absurd size " + size);
    }
    checkPackagePath(packagePath, filename);
    coreMetadataSha256.ifPresent(
        h -> {
          if (!Sha256.isHex(h)) {
            throw new IllegalArgumentException(
                "file " + ProjectName.printable(filename) + ": invalid core-metadata sha256");
          }
        });
  }

  /** Refuses traversal, absolute paths, backslashes, control characters and empty segments. */
  static void checkPackagePath(String path, String filename) {
    if (path.isEmpty() || path.length() > 1024) {
      throw new IllegalArgumentException("file " + ProjectName.printable(filename) + ": bad path length");
    }
    String[] segments = path.split("/", -1);
    for (String segment : segments) {
      if (segment.equals(".") || segment.equals("..") || !SAFE_SEGMENT.matcher(segment).matches()) {
        throw new IllegalArgumentException(
            "file " + ProjectName.printable(filename) + ": unsafe path " + ProjectName.printable(path));
      }
      if (segment.length() > MAX_SEGMENT) {
        throw new IllegalArgumentException("file " + ProjectName.printable(filename)
            + ": a name in its path is too long (over " + MAX_SEGMENT + " characters)");
      }
    }
    // A leading dot hides a file from web servers; a ".metadata" or ".provenance" suffix would take
    // the place of another file's PEP 658 metadata or PEP 740 provenance. PyPI allows none.
    if (filename.startsWith(".") || filename.endsWith(".metadata") || filename.endsWith(".provenance")) {
      throw new IllegalArgumentException("file " + ProjectName.printable(filename) + ": refused file name");
    }
    if (!segments[segments.length - 1].equals(filename)) {
      throw new IllegalArgumentException(
          "file " + ProjectName.printable(filename) + ": URL path does not end in the file name: "
              + ProjectName.printable(path));
    }
  }

  /** The same file as a mirror that does not keep PEP 658 metadata files lists it. */
  public DistFile withoutCoreMetadata() {
    return withCoreMetadata(Optional.empty());
  }

  public DistFile withCoreMetadata(Optional<String> sha256) {
    return new DistFile(
        version, filename, url, packagePath, this.sha256, size, uploadTime, requiresPython, yanked,
        yankedReason, packageType, sha256);
  }

  public boolean hasCoreMetadata() {
    return coreMetadataSha256.isPresent();
  }
}
