package dev.jubjub.store;

/** Validates tree-relative paths, so that no path built from upstream data can leave the tree. */
public final class StoragePath {
  private StoragePath() {}

  public static String check(String path) {
    if (path == null || path.isEmpty() || path.length() > 4096) {
      throw new IllegalArgumentException("invalid storage path: empty or too long");
    }
    if (path.startsWith("/") || path.endsWith("/") || path.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("invalid storage path: " + path);
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("invalid storage path: " + path);
      }
      for (int i = 0; i < segment.length(); i++) {
        if (segment.charAt(i) < 0x20) {
          throw new IllegalArgumentException("invalid storage path (control character)");
        }
      }
    }
    return path;
  }

  /** The empty string names the root directory in {@link Storage#list}. */
  static String checkDirectory(String path) {
    return path.isEmpty() ? path : check(path);
  }
}
