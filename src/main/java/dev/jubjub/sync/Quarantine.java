package dev.jubjub.sync;

import dev.jubjub.pypi.DistFile;
import dev.jubjub.pypi.Sha256;
import dev.jubjub.store.MirrorLayout;
import dev.jubjub.store.Storage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The holding place of quarantined projects' files (PEP 792): outside {@code web/}, so that no
 * client, through {@code jubjub serve} or a plain web server, can fetch them, yet kept, so that
 * when upstream clears the status they come back without being downloaded again.
 *
 * <p>A held path is the tree path under {@link #HOLDING} ({@code .jubjub-quarantine/web/packages/...});
 * the project's manifest ({@code .jubjub-quarantine/projects/<name>}) lists them, one per line. A
 * move is a verified copy (read back and re-hashed) made durable before the original goes: the
 * storage has no rename, and on an object store a copy is what a rename is. Nothing here deletes
 * a file that has no verified copy.
 */
final class Quarantine {
  private static final Logger log = LoggerFactory.getLogger(Quarantine.class);
  static final String HOLDING = ".jubjub-quarantine";
  private static final String PROJECTS = HOLDING + "/projects";
  /** What sits beside a package file and goes with it. */
  static final List<String> COMPANIONS = List.of("", ".metadata", ".provenance");
  private final Storage storage;
  /**
   * The projects with a manifest, listed at the first look: a run asks for every project it
   * syncs or skips, and one listing costs less than a read per project (a GET each in S3).
   */
  private Set<String> withManifest;

  Quarantine(Storage storage) {
    this.storage = storage;
  }

  static String held(String path) {
    return HOLDING + "/" + path;
  }

  static String manifest(String normalized) {
    return PROJECTS + "/" + normalized;
  }

  /** The tree paths held for a project; empty when none are. */
  Set<String> heldPaths(String normalized) throws IOException {
    Set<String> paths = new LinkedHashSet<>();
    if (!withManifest().contains(normalized)) {
      return paths;
    }
    Optional<byte[]> text = storage.readIfExists(manifest(normalized));
    if (text.isPresent()) {
      for (String line : new String(text.get(), StandardCharsets.UTF_8).split("\n")) {
        if (line.startsWith(MirrorLayout.WEB + "/")) {
          paths.add(line);
        }
      }
    }
    return paths;
  }

  private synchronized Set<String> withManifest() throws IOException {
    if (withManifest == null) {
      Set<String> names = ConcurrentHashMap.newKeySet();
      names.addAll(projects());
      withManifest = names;
    }
    return withManifest;
  }

  /** Normalized names of the projects with held files. */
  List<String> projects() throws IOException {
    List<String> names = new ArrayList<>();
    for (Storage.Entry e : storage.list(PROJECTS)) {
      if (!e.directory()) {
        names.add(e.name());
      }
    }
    return names;
  }

  /**
   * Copies what a quarantined project has in {@code web/} (the files its pages linked, their
   * companions, its JSON API copies, and what an earlier, interrupted hold listed) to the holding
   * place, verified and durable, and lists it in the manifest.
   *
   * @return the tree paths now held that still exist in {@code web/}: the caller deletes them once
   *     the pages no longer link them
   */
  List<String> hold(String normalized, Set<String> linkedFiles) throws IOException {
    Set<String> candidates = new LinkedHashSet<>(heldPaths(normalized));
    for (String file : linkedFiles) {
      COMPANIONS.forEach(c -> candidates.add(file + c));
    }
    candidates.add(MirrorLayout.jsonFile(normalized));
    candidates.add(MirrorLayout.pypiJsonFile(normalized));
    Set<String> held = new LinkedHashSet<>(heldPaths(normalized));
    List<String> inWeb = new ArrayList<>();
    for (String path : candidates) {
      if (storage.stat(path).isEmpty()) {
        continue;
      }
      String copy = copy(path, held(path), Storage.Attributes.NONE, null);
      String check;
      try (InputStream in = storage.open(held(path))) {
        check = Sha256.of(in);
      }
      if (copy == null || !copy.equals(check)) {
        throw new IOException(storage.describe(held(path)) + ": the copy does not read back as written");
      }
      held.add(path);
      inWeb.add(path);
    }
    if (!held.isEmpty()) {
      storage.write(manifest(normalized), (String.join("\n", held) + "\n").getBytes(StandardCharsets.UTF_8));
      withManifest().add(normalized);
    }
    storage.sync(); // the copies are durable before a page stops linking the originals
    return inWeb;
  }

  /**
   * Puts back the held files that {@code files} list (with their companions) and that are missing
   * from {@code web/}, each checked against the sha256 upstream gives: a file that does not match
   * stays held and is downloaded as usual.
   *
   * @return how many files came back
   */
  int restore(String normalized, List<DistFile> files) throws IOException {
    Set<String> held = heldPaths(normalized);
    int restored = 0;
    for (DistFile file : files) {
      String path = MirrorLayout.packageFile(file);
      if (!held.contains(path) || storage.stat(path).isPresent()) {
        continue;
      }
      if (storage.stat(held(path)).isEmpty()) {
        log.warn("{}: held {} is missing; downloading it", normalized, storage.describe(held(path)));
        continue;
      }
      if (copy(held(path), path, FileChecker.attributes(file), file.sha256()) == null) {
        log.warn("{}: held {} does not match its sha256; downloading it", normalized, storage.describe(path));
        continue;
      }
      restored++;
      String metadata = MirrorLayout.coreMetadataFile(file);
      if (file.hasCoreMetadata() && held.contains(metadata) && storage.stat(metadata).isEmpty()) {
        copy(held(metadata), metadata, Storage.Attributes.NONE, file.coreMetadataSha256().get());
      }
      String provenance = path + ".provenance";
      if (held.contains(provenance) && storage.stat(provenance).isEmpty()) {
        copy(held(provenance), provenance, Storage.Attributes.NONE, null);
      }
    }
    if (restored > 0) {
      storage.sync();
    }
    return restored;
  }

  /**
   * Deletes a project's held files, then its manifest (a deletion stopped midway is finished by
   * the next). Called once the files are back in {@code web/}, or to free them ({@code verify
   * --delete}, {@code delete}).
   *
   * @return the held paths deleted
   */
  List<String> drop(String normalized) throws IOException {
    List<String> dropped = new ArrayList<>();
    for (String path : heldPaths(normalized)) {
      if (storage.delete(held(path))) {
        dropped.add(held(path));
      }
    }
    storage.delete(manifest(normalized));
    withManifest().remove(normalized);
    return dropped;
  }

  /**
   * A streamed copy, committed only when it hashes to {@code expected} (when given).
   *
   * @return the copy's sha256, or null when it did not match and nothing was written
   */
  private String copy(String from, String to, Storage.Attributes attributes, String expected) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    try (InputStream in = storage.open(from);
        Storage.PendingFile out = storage.create(to, attributes)) {
      OutputStream stream = new DigestOutputStream(out.stream(), digest);
      in.transferTo(stream);
      stream.flush();
      String sha = Sha256.hex(digest);
      if (expected != null && !expected.equals(sha)) {
        return null;
      }
      out.commit();
      return sha;
    }
  }
}
