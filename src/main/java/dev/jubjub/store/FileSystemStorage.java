package dev.jubjub.store;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mirror tree on a local file system. Atomic writes go to a temporary file in {@code
 * .jubjub-tmp/} (outside {@code web/}, so no web server can see it), are flushed to disk, then
 * renamed into place.
 */
public final class FileSystemStorage implements Storage {
  static final String TEMP_DIRECTORY = ".jubjub-tmp";
  /** With managed permissions, published files are readable by a web server whatever the umask. */
  private static final Set<PosixFilePermission> WORLD_READABLE =
      PosixFilePermissions.fromString("rw-r--r--");

  private static final SecureRandom RANDOM = new SecureRandom();
  private final Path root;
  private final Path temp;
  private final boolean worldReadable;
  private final GroupSync durability;
  /**
   * Directories this process created or checked, known to be real and inside the tree: a write
   * into one needs no walk up the path, no realpath and no mkdir (a 200-project mirror made
   * 43,000 readlink calls before). A pruned directory leaves the set.
   */
  private final Set<Path> checkedDirectories = ConcurrentHashMap.newKeySet();

  /**
   * @param worldReadable make published files mode 0644 (bandersnatch's
   *     storage-filesystem-manage-permissions), so nginx's unprivileged workers can serve them
   */
  public FileSystemStorage(Path root, boolean worldReadable) throws IOException {
    this(Files.createDirectories(root).toRealPath(), worldReadable, true);
  }

  private FileSystemStorage(Path realRoot, boolean worldReadable, boolean writable) throws IOException {
    this.root = realRoot;
    Path temp = this.root.resolve(TEMP_DIRECTORY);
    if (Files.isSymbolicLink(temp)) {
      // Its files are deleted as garbage at every start: through a link they would be another's.
      throw new IOException(temp + " is a symbolic link; jubjub keeps its temporary files there and"
          + " deletes them: remove the link (a directory is made in its place)");
    }
    this.temp = writable ? Files.createDirectories(temp) : temp;
    this.worldReadable = worldReadable;
    Path web = this.root.resolve("web");
    this.durability = new GroupSync(List.of(this.root, web, web.resolve("packages"), web.resolve("simple"),
        web.resolve("json"), web.resolve("pypi")));
  }

  /**
   * A tree opened for reading (serve): nothing is created, so a read-only mount serves, and one
   * that does not exist yet can be waited for. Writes fail.
   */
  public static FileSystemStorage forReading(Path root) throws IOException {
    // A tree no sync has made yet is opened where it will be: serve answers 503 until it is there.
    Path at = Files.exists(root) ? root.toRealPath() : root.toAbsolutePath().normalize();
    return new FileSystemStorage(at, false, false);
  }

  public FileSystemStorage(Path root) throws IOException {
    this(root, true);
  }

  public Path root() {
    return root;
  }

  /** The path of a tree path in the file system, checked lexically ({@link StoragePath}). */
  public Path resolve(String path) {
    Path resolved = root.resolve(StoragePath.check(path)).normalize();
    if (!resolved.startsWith(root)) {
      throw new IllegalArgumentException("path leaves the mirror: " + path);
    }
    return resolved;
  }

  /**
   * The path to write or delete: also refuses a symlinked directory planted in the tree that
   * leads out of it. An operator may link the top directories elsewhere ({@code web/packages} on a
   * bigger disk); below those, jubjub creates every directory itself, so a link there is foreign.
   */
  private Path resolveForWrite(String path) throws IOException {
    return checkForWrite(resolve(path));
  }

  private Path checkForWrite(Path target) throws IOException {
    if (checkedDirectories.contains(target.getParent())) {
      return target;
    }
    Path relative = root.relativize(target);
    // The operator may link web/<top> elsewhere; jubjub's own state (todo, .jubjub-progress/…)
    // and everything else below the root must not lead out through a link.
    boolean inWeb = relative.getNameCount() > 2 && relative.getName(0).toString().equals("web");
    Path base = inWeb ? root.resolve(relative.subpath(0, 2)) : root;
    Path existing = target.getParent();
    while (existing != null && !checkedDirectories.contains(existing)
        && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing != null && checkedDirectories.contains(existing)) {
      return target; // what is missing below a checked directory is created real by publish()
    }
    if (existing != null && !Files.isDirectory(existing)) {
      // Upstream names the paths below packages/: one through a file is its error, not the disk's.
      throw new IllegalArgumentException("path " + root.relativize(target) + " goes through the file " + existing);
    }
    if (existing == null || !existing.startsWith(base)) {
      return target; // nothing below the operator's directories exists yet
    }
    Path allowed = base.toRealPath();
    if (!existing.toRealPath().startsWith(allowed)) {
      throw new IOException("refusing to write " + target + ": " + existing
          + " is a link that leads out of the mirror directory (" + base + ")");
    }
    checkedDirectories.add(existing);
    return target;
  }

  @Override
  public Optional<FileInfo> stat(String path) throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(resolve(path), BasicFileAttributes.class);
      if (!a.isRegularFile()) {
        return Optional.empty();
      }
      return Optional.of(new FileInfo(a.size(), a.lastModifiedTime().toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (FileSystemException e) {
      // Before JDK 25 a path through a file (ENOTDIR) is not a NoSuchFileException; no file is
      // there all the same, and writing it is refused (resolveForWrite).
      if (throughAFile(resolve(path))) {
        return Optional.empty();
      }
      throw e;
    }
  }

  private boolean throughAFile(Path target) {
    for (Path p = target.getParent(); p != null && p.startsWith(root); p = p.getParent()) {
      if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public InputStream open(String path) throws IOException {
    return Channels.newInputStream(openChannel(path));
  }

  @Override
  public InputStream open(String path, long offset, long length) throws IOException {
    FileChannel channel = openChannel(path);
    channel.position(offset);
    InputStream in = Channels.newInputStream(channel);
    return new BoundedInputStream(in, length);
  }

  /** A path through a file (ENOTDIR) names no file either: NoSuchFileException, as for a missing one. */
  private FileChannel openChannel(String path) throws IOException {
    Path target = resolve(path);
    try {
      return FileChannel.open(target, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw e;
    } catch (FileSystemException e) {
      if (throughAFile(target)) {
        throw new NoSuchFileException(target.toString());
      }
      throw e;
    }
  }

  @Override
  public Optional<Path> localRoot() {
    return Optional.of(root);
  }

  @Override
  public PendingFile create(String path, Attributes attributes) throws IOException {
    Path target = resolveForWrite(path);
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new IllegalArgumentException("path " + path + " is a directory");
    }
    // Created with the process's umask (0644 under 022), as bandersnatch's files are when it does
    // not manage permissions; a random name, so no other process can guess it.
    Path tmp = temp.resolve("w-" + Long.toHexString(RANDOM.nextLong()) + ".part");
    FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new PendingFile() {
      private final OutputStream out =
          new BufferedOutputStream(new NamingErrors(Channels.newOutputStream(channel), target), 64 * 1024);
      private boolean done;

      @Override
      public OutputStream stream() {
        return out;
      }

      @Override
      public void commit() throws IOException {
        try {
          publish();
        } catch (IOException e) {
          throw named(target, e);
        }
      }

      private void publish() throws IOException {
        out.flush();
        // Not forced here: a page is written only after a barrier (sync()) has made the files it
        // links durable, so a power loss cannot leave a page that links an empty file.
        channel.close();
        if (worldReadable) {
          Files.setPosixFilePermissions(tmp, WORLD_READABLE);
        }
        if (attributes.lastModified() != null) {
          Files.setLastModifiedTime(tmp, FileTime.from(attributes.lastModified()));
        }
        Path parent = target.getParent();
        if (!checkedDirectories.contains(parent)) {
          // Below a directory resolveForWrite checked: whatever is created here is real.
          Files.createDirectories(parent);
          checkedDirectories.add(parent);
        }
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
          // Removed since it was checked (by another tool: this process forgets what it prunes).
          checkedDirectories.remove(parent);
          checkForWrite(target);
          Files.createDirectories(parent);
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          moveAcrossFileSystems(tmp, target);
        }
        durability.committed(target);
        done = true;
      }

      @Override
      public void close() throws IOException {
        if (!done) {
          channel.close();
          Files.deleteIfExists(tmp);
        }
      }
    };
  }

  /** The JDK's "No space left on device" names no file; the message a user reads must. */
  private static IOException named(Path target, IOException e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.contains(target.toString()) ? e : new IOException("writing " + target + ": " + message, e);
  }

  /** Writes through, naming the target file in any failure. */
  private static final class NamingErrors extends FilterOutputStream {
    private final Path target;

    NamingErrors(OutputStream out, Path target) {
      super(out);
      this.target = target;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw named(target, e);
      }
    }

    @Override
    public void flush() throws IOException {
      try {
        out.flush();
      } catch (IOException e) {
        throw named(target, e);
      }
    }
  }

  /**
   * {@code web/} or a part of it may be another mount (a bigger disk for packages): then the
   * file is copied next to its target under a dot-name no index links (and serve refuses), and
   * renamed there, which is atomic again.
   */
  private static void moveAcrossFileSystems(Path tmp, Path target) throws IOException {
    Path near = Files.createTempFile(target.getParent(), ".jubjub-", ".part");
    try {
      Files.copy(tmp, near, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
      try (FileChannel c = FileChannel.open(near, StandardOpenOption.WRITE)) {
        c.force(false);
      }
      Files.move(near, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(near);
      Files.deleteIfExists(tmp);
    }
  }

  @Override
  public void sync() throws IOException {
    durability.barrier();
  }

  @Override
  public boolean delete(String path) throws IOException {
    Path target = resolveForWrite(path);
    boolean deleted = Files.deleteIfExists(target);
    pruneEmptyParents(target.getParent());
    return deleted;
  }

  private void pruneEmptyParents(Path dir) throws IOException {
    Path web = root.resolve("web");
    while (dir != null && dir.startsWith(web) && dir.getNameCount() > web.getNameCount() + 1) {
      try {
        Files.delete(dir);
        checkedDirectories.remove(dir);
      } catch (DirectoryNotEmptyException | NoSuchFileException e) {
        return;
      }
      dir = dir.getParent();
    }
  }

  @Override
  public List<Entry> list(String directory) throws IOException {
    Path dir = directory.isEmpty() ? root : resolve(StoragePath.checkDirectory(directory));
    List<Entry> entries = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        entries.add(
            new Entry(
                p.getFileName().toString(), Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)));
      }
    } catch (NoSuchFileException e) {
      return List.of();
    }
    entries.sort(Comparator.comparing(Entry::name));
    return entries;
  }

  @Override
  public void forEachFile(String directory, java.util.function.ObjLongConsumer<String> visitor) throws IOException {
    Path start = resolve(StoragePath.checkDirectory(directory));
    if (!Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(start, new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
        if (attributes.isRegularFile()) {
          visitor.accept(root.relativize(file).toString().replace(java.io.File.separatorChar, '/'), attributes.size());
        }
        return java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return java.nio.file.FileVisitResult.CONTINUE; // removed by a run while the walk went by
        }
        throw e;
      }
    });
  }

  @Override
  public Lock lock() throws IOException, LockHeldException {
    Path lockFile = root.resolve(".lock");
    FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new LockHeldException("another process holds the mirror lock " + lockFile
          + LockHolder.of(lockFile).map(h -> " (" + h + ")").orElse(""));
    }
    cleanTemp();
    FileLock held = lock;
    return () -> {
      held.release();
      channel.close();
    };
  }

  /** Temporary files left by a killed run are garbage once we hold the lock. */
  private void cleanTemp() throws IOException {
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(temp)) {
      for (Path p : stream) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public String describe(String path) {
    return root.resolve(path).toString();
  }
}
