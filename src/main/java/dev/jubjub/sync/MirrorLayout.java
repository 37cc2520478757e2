package dev.jubjub.sync;

import dev.jubjub.pypi.DistFile;
import java.util.List;

/** Where things live in the bandersnatch tree (generation 5), as storage paths. */
final class MirrorLayout {
  static final String GENERATION = "generation";
  static final String STATUS = "status";
  /** bandersnatch's "todo" file: the work an interrupted run left. */
  static final String PENDING = "todo";
  static final String SIMPLE = "web/simple";
  private final boolean hashIndex;

  MirrorLayout(boolean hashIndex) {
    this.hashIndex = hashIndex;
  }

  /** {@code web/simple/<name>}, or {@code web/simple/<n>/<name>} with hash-index. */
  String simpleDirectory(String normalized) {
    return hashIndex
        ? SIMPLE + "/" + normalized.charAt(0) + "/" + normalized
        : SIMPLE + "/" + normalized;
  }

  /** Where the other layout (hash-index switched) keeps the project's pages. */
  String otherDirectory(String normalized) {
    return new MirrorLayout(!hashIndex).simpleDirectory(normalized);
  }

  /** The page directories a project may have, this layout's first. */
  List<String> directories(String normalized) {
    return List.of(simpleDirectory(normalized), otherDirectory(normalized));
  }

  static String packageFile(DistFile file) {
    return "web/packages/" + file.packagePath();
  }

  static String coreMetadataFile(DistFile file) {
    return packageFile(file) + ".metadata";
  }

  static String jsonFile(String normalized) {
    return "web/json/" + normalized;
  }

  static String pypiJsonFile(String normalized) {
    return "web/pypi/" + normalized + "/json";
  }

  boolean hashIndex() {
    return hashIndex;
  }
}
