package dev.jubjub.testing;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A distribution file as upstream lists it. {@code urlPath} is relative to the files host
 * ({@code packages/ab/cd/<60 hex>/<filename>}, derived from the blake2b-256 like PyPI's) or an
 * absolute URL (to model hostile or foreign links). {@code content} is null when upstream lists a
 * file it cannot serve; {@code coreMetadata} is null when there is no PEP 658 metadata file.
 * Treat the arrays as immutable.
 */
public record UpstreamFile(
    String filename,
    String version,
    String packagetype,
    String pythonVersion,
    String requiresPython,
    long size,
    String sha256,
    String md5,
    String blake2b256,
    Instant uploadTime,
    boolean yanked,
    String yankedReason,
    String urlPath,
    byte[] content,
    byte[] coreMetadata) {

  public UpstreamFile {
    Objects.requireNonNull(filename);
    Objects.requireNonNull(version);
    Objects.requireNonNull(sha256);
    Objects.requireNonNull(urlPath);
    Objects.requireNonNull(uploadTime);
  }

  /** A file whose digests, size and path are computed from its bytes. */
  public static UpstreamFile of(
      Distributions.Built built, String version, String requiresPython, Instant uploadTime) {
    byte[] content = built.content();
    String blake = Digests.blake2b256(content);
    return new UpstreamFile(
        built.filename(), version, built.packagetype(), built.pythonVersion(), requiresPython,
        content.length, Digests.sha256(content), Digests.md5(content), blake, uploadTime,
        false, null, pathFor(blake, built.filename()), content, built.coreMetadata());
  }

  /** PyPI's storage path: {@code packages/<2>/<2>/<60>/<filename>} from the blake2b-256 hex. */
  public static String pathFor(String blake2b256, String filename) {
    return "packages/" + blake2b256.substring(0, 2) + "/" + blake2b256.substring(2, 4) + "/"
        + blake2b256.substring(4) + "/" + filename;
  }

  public boolean present() {
    return content != null;
  }

  public Optional<String> coreMetadataSha256() {
    return Optional.ofNullable(coreMetadata).map(Digests::sha256);
  }

  public UpstreamFile withYanked(boolean yanked, String reason) {
    return new UpstreamFile(filename, version, packagetype, pythonVersion, requiresPython, size,
        sha256, md5, blake2b256, uploadTime, yanked, yanked ? reason : null, urlPath, content, coreMetadata);
  }

  /** The same listing with other bytes served (listed digests unchanged): a corrupted upstream. */
  public UpstreamFile withContent(byte[] newContent) {
    return new UpstreamFile(filename, version, packagetype, pythonVersion, requiresPython, size,
        sha256, md5, blake2b256, uploadTime, yanked, yankedReason, urlPath, newContent, coreMetadata);
  }

  public UpstreamFile withUrlPath(String newUrlPath) {
    return new UpstreamFile(filename, version, packagetype, pythonVersion, requiresPython, size,
        sha256, md5, blake2b256, uploadTime, yanked, yankedReason, newUrlPath, content, coreMetadata);
  }

  @Override
  public String toString() {
    return "UpstreamFile[" + filename + ", " + size + " bytes" + (yanked ? ", yanked" : "") + "]";
  }
}
