package dev.jubjub.store;

import dev.jubjub.pypi.DistFile;
import java.util.List;

/**
 * Where things live in the bandersnatch tree (generation 5), as storage paths: the one owner of
 * the layout, shared by sync, verify and serve.
 */
public final class MirrorLayout {
  public static final String GENERATION = "generation";
  public static final String STATUS = "status";
  /** bandersnatch's "todo" file: the work an interrupted run left. */
  public static final String PENDING = "todo";
  public static final String WEB = "web";
  public static final String SIMPLE = "web/simple";
  public static final String PACKAGES = "web/packages";
  /**
   * Rewritten by every run that changed the tree: serving nodes over an object store check it once
   * a second and drop their cached pages when it changes, instead of asking for every page.
   */
  public static final String CHANGED = ".jubjub-changed";
  /** The report of the last {@code mirror} or {@code sync} run ({@link LastRun}); serve reads it. */
  public static final String LAST_RUN = ".jubjub-last-run.json";

  /** Rewrites {@link #CHANGED} with a new value: serving nodes drop the pages they hold. */
  public static void markChanged(Storage storage) throws java.io.IOException {
    storage.write(CHANGED, (java.util.UUID.randomUUID() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }
  private final boolean hashIndex;

  public MirrorLayout(boolean hashIndex) {
    this.hashIndex = hashIndex;
  }

  /** {@code web/simple/<name>}, or {@code web/simple/<n>/<name>} with hash-index. */
  public String simpleDirectory(String normalized) {
    return hashIndex
        ? SIMPLE + "/" + normalized.charAt(0) + "/" + normalized
        : SIMPLE + "/" + normalized;
  }

  /** Where the other layout (hash-index switched) keeps the project's pages. */
  public String otherDirectory(String normalized) {
    return new MirrorLayout(!hashIndex).simpleDirectory(normalized);
  }

  /** The page directories a project may have, this layout's first. */
  public List<String> directories(String normalized) {
    return List.of(simpleDirectory(normalized), otherDirectory(normalized));
  }

  public static String packageFile(DistFile file) {
    return "web/packages/" + file.packagePath();
  }

  public static String coreMetadataFile(DistFile file) {
    return packageFile(file) + ".metadata";
  }

  public static String jsonFile(String normalized) {
    return "web/json/" + normalized;
  }

  public static String pypiJsonFile(String normalized) {
    return "web/pypi/" + normalized + "/json";
  }

  public boolean hashIndex() {
    return hashIndex;
  }
}
