package dev.jubjub.sync;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which project claimed each {@code packages/} path in this run, with which sha256. Shared by the
 * workers of one run, so two projects listing one path cannot overwrite or delete each other's
 * file. Memory grows with the files synced in the run, not with the mirror.
 */
final class PathClaims {
  private record Claim(String project, String sha256) {}

  private final Map<String, Claim> claims = new ConcurrentHashMap<>();

  /**
   * Claims {@code path} for {@code project}; returns null when that is fine (first claim, or the
   * same project with the same bytes), else who holds it.
   */
  String claim(String path, String project, String sha256) {
    Claim mine = new Claim(project, sha256);
    Claim held = claims.putIfAbsent(path, mine);
    if (held == null || held.sha256().equals(sha256)) {
      return null; // the same bytes may be listed twice; removal checks every linker first
    }
    return held.project().equals(project)
        ? "another file of this project with sha256 " + held.sha256()
        : "project " + held.project() + " (sha256 " + held.sha256() + ")";
  }

  /** Whether another project claimed {@code path} in this run: then it is not ours to delete. */
  boolean claimedByOther(String path, String project) {
    Claim held = claims.get(path);
    return held != null && !held.project().equals(project);
  }
}
