package dev.jubjub.store;

import dev.jubjub.config.S3Config;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The mirror tree in an S3 bucket (AWS, or a compatible server at {@code endpoint_url}), under
 * {@code prefix/}: an object per file, its key the tree path. Writes are atomic because a PUT (or
 * the completion of a multipart upload) is; the upload time and sha256 travel as the object's user
 * metadata {@code mtime} and {@code sha256}, since an object cannot be changed after its PUT.
 * Directories exist only as key prefixes. The mirror lock is an object renewed while held ({@link
 * S3Lock}); a storage whose lock was lost refuses every later write.
 */
public final class S3Storage implements Storage {
  private static final Logger log = LoggerFactory.getLogger(S3Storage.class);
  static final String SHA256 = "sha256";
  /**
   * bandersnatch's S3 plugin's key and format (seconds since the epoch, as Python prints a float),
   * so either tool finds the other's objects current without reading them.
   */
  static final String UPLOADED_AT = "uploaded-at";

  private final S3Config config;
  private final S3Client s3;
  /** Made on the first presigned URL: a serving node that streams never needs one. */
  private volatile S3Presigner presigner;
  private final S3RequestCounter counter = new S3RequestCounter();
  private final AtomicReference<S3Lock> lock = new AtomicReference<>();
  /** Why writes are refused, once the lock was lost; sticky: the mirror may be another's now. */
  private volatile String lockLost;
  private int listPageSize = 1000;

  public S3Storage(S3Config config) {
    this.config = config;
    this.s3 = S3Clients.build(config, counter);
  }

  S3Client s3() {
    return s3;
  }

  String bucket() {
    return config.bucket();
  }

  S3Config config() {
    return config;
  }

  /** The object key of a tree path: {@code prefix/path}. */
  String key(String path) {
    StoragePath.check(path);
    return config.prefix().isEmpty() ? path : config.prefix() + "/" + path;
  }

  /** For tests: a small page makes pagination cheap to exercise. */
  void listPageSize(int size) {
    this.listPageSize = size;
  }

  /**
   * An SDK failure as an IOException naming the object; one that never reached the store (refused,
   * unknown host, TLS) also names where the store was looked for.
   */
  IOException io(String where, SdkException e) {
    IOException io = S3Errors.io(where, e);
    if (S3Errors.status(e) != 0 || io instanceof java.io.InterruptedIOException) {
      return io;
    }
    String store = config.endpoint().map(u -> "endpoint_url " + u)
        .orElse("AWS S3" + config.region().map(r -> " in " + r).orElse(""));
    return new IOException(io.getMessage() + " (the store at " + store + ")", e);
  }

  /** HTTP requests sent so far, by S3 operation (PutObject, UploadPart, …), retries included. */
  public Map<String, Long> requestCounts() {
    return counter.snapshot();
  }

  @Override
  public Optional<FileInfo> stat(String path) throws IOException {
    String key = key(path);
    HeadObjectResponse head;
    try {
      head = s3.headObject(r -> r.bucket(bucket()).key(key));
    } catch (SdkException e) {
      if (S3Errors.notFound(e)) {
        return Optional.empty();
      }
      throw io(describe(path), e);
    }
    Map<String, String> metadata = head.metadata();
    return Optional.of(new FileInfo(head.contentLength(), uploadedAt(metadata.get(UPLOADED_AT), head.lastModified()),
        metadata.get(SHA256)));
  }

  private static Instant uploadedAt(String recorded, Instant uploaded) {
    if (recorded != null) {
      try {
        return Instant.ofEpochSecond((long) Double.parseDouble(recorded));
      } catch (NumberFormatException e) {
        log.debug("unreadable uploaded-at metadata '{}'; using the object's time", recorded);
      }
    }
    return uploaded;
  }

  /** What {@link #uploadedAt} reads back: whole seconds, as bandersnatch writes them. */
  static String uploadedAt(Instant time) {
    return time.getEpochSecond() + ".0";
  }

  @Override
  public InputStream open(String path) throws IOException {
    return get(path, null);
  }

  @Override
  public InputStream open(String path, long offset, long length) throws IOException {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range: " + offset + "+" + length);
    }
    if (length == 0) {
      if (stat(path).isEmpty()) {
        throw new NoSuchFileException(describe(path));
      }
      return InputStream.nullInputStream();
    }
    // To the end when the range reaches past any size (S3Proxy 4.1 breaks on a last byte of 2^63-1).
    String range = "bytes=" + offset + "-" + (length >= Long.MAX_VALUE - offset ? "" : offset + length - 1);
    try {
      return new BoundedInputStream(get(path, range), length);
    } catch (RangeNotSatisfiable e) {
      return InputStream.nullInputStream(); // at or beyond the end, as reading a file there gives
    }
  }

  private InputStream get(String path, String range) throws IOException {
    String key = key(path);
    ResponseInputStream<GetObjectResponse> in;
    try {
      in = s3.getObject(r -> r.bucket(bucket()).key(key).range(range));
    } catch (SdkException e) {
      if (S3Errors.notFound(e)) {
        throw new NoSuchFileException(describe(path));
      }
      if (range != null && S3Errors.status(e) == 416) {
        throw new RangeNotSatisfiable();
      }
      throw io(describe(path), e);
    }
    if (range != null && in.response().contentRange() == null) {
      // A server that ignores Range sends the whole object: skip to the offset here.
      in.skipNBytes(Long.parseLong(range.substring("bytes=".length(), range.indexOf('-'))));
    }
    return in;
  }

  /** S3 answers 416 for a range starting at or after the end (of an object that exists). */
  private static final class RangeNotSatisfiable extends IOException {}

  @Override
  public PendingFile create(String path, Attributes attributes) throws IOException {
    return new S3Upload(this, path, attributes); // which refuses a bad path at once, not at commit
  }

  /**
   * Sets the configured {@code config_param_}s through the given setters; a null setter leaves
   * that parameter alone. The lock object takes only the encryption: an infrequent-access class
   * would bill it 30 days per renewal, an archive class would make it unreadable, and it stays
   * private whatever ACL the files get.
   */
  void putParameters(Consumer<String> encryption, Consumer<String> kmsKey, Consumer<String> storageClass,
      Consumer<String> acl, Consumer<String> cacheControl) {
    Map<String, String> p = config.putParameters();
    Optional.ofNullable(p.get("ServerSideEncryption")).ifPresent(encryption);
    Optional.ofNullable(p.get("SSEKMSKeyId")).ifPresent(kmsKey);
    if (storageClass != null) {
      Optional.ofNullable(p.get("StorageClass")).ifPresent(storageClass);
    }
    if (acl != null) {
      Optional.ofNullable(p.get("ACL")).ifPresent(acl);
    }
    if (cacheControl != null) {
      Optional.ofNullable(p.get("CacheControl")).ifPresent(cacheControl);
    }
  }

  /** S3 has made a PUT durable by the time it answers 200: there is nothing to wait for. */
  @Override
  public void sync() {}

  /** A HEAD first, since S3's DELETE answers the same whether or not there was an object. */
  @Override
  public boolean delete(String path) throws IOException {
    String key = key(path);
    checkLock(path);
    if (stat(path).isEmpty()) {
      return false;
    }
    try {
      s3.deleteObject(r -> r.bucket(bucket()).key(key));
    } catch (SdkException e) {
      throw io(describe(path), e);
    }
    return true;
  }

  @Override
  public List<Entry> list(String directory) throws IOException {
    StoragePath.checkDirectory(directory);
    String root = config.prefix().isEmpty() ? "" : config.prefix() + "/";
    String prefix = directory.isEmpty() ? root : root + directory + "/";
    List<Entry> entries = new ArrayList<>();
    try {
      for (ListObjectsV2Response page : s3.listObjectsV2Paginator(
          r -> r.bucket(bucket()).prefix(prefix).delimiter("/").maxKeys(listPageSize))) {
        for (CommonPrefix p : page.commonPrefixes()) {
          String name = p.prefix().substring(prefix.length(), p.prefix().length() - 1);
          if (!name.isEmpty()) {
            entries.add(new Entry(name, true));
          }
        }
        for (S3Object o : page.contents()) {
          String name = o.key().substring(prefix.length());
          if (!name.isEmpty()) { // a "directory marker" some tools create
            entries.add(new Entry(name, false));
          }
        }
      }
    } catch (SdkException e) {
      throw io(describe(directory.isEmpty() ? "" : directory + "/"), e);
    }
    // S3 sorts by UTF-8 bytes, the file system backend by Java's String order: one order for both.
    entries.sort(Comparator.comparing(Entry::name));
    return entries;
  }

  @Override
  public void forEachFile(String directory, java.util.function.ObjLongConsumer<String> visitor) throws IOException {
    StoragePath.checkDirectory(directory);
    String root = config.prefix().isEmpty() ? "" : config.prefix() + "/";
    String prefix = root + directory + "/";
    try {
      for (ListObjectsV2Response page : s3.listObjectsV2Paginator(
          r -> r.bucket(bucket()).prefix(prefix).maxKeys(listPageSize))) {
        for (S3Object o : page.contents()) {
          if (!o.key().endsWith("/")) { // not a "directory marker"
            visitor.accept(o.key().substring(root.length()), o.size());
          }
        }
      }
    } catch (SdkException e) {
      throw io(describe(directory + "/"), e);
    }
  }

  @Override
  public Lock lock() throws IOException, LockHeldException {
    // A stop by the service manager (SIGTERM) lets the lock go at once: otherwise the restart that
    // usually follows would be refused for lock_ttl. Writes are refused first, so none of this
    // process lands after another writer may have taken the lock. The hook is there before the
    // lock is written: a stop that comes while it is being taken waits for it, then lets it go.
    CompletableFuture<S3Lock> taking = new CompletableFuture<>();
    Thread release = new Thread(() -> {
      lockLost = "this process is stopping";
      S3Lock held;
      try {
        held = taking.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        return; // never taken, or still not: it expires after lock_ttl
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        held.close();
      } catch (IOException e) {
        log.warn("could not let the mirror lock go while stopping ({}); it expires after lock_ttl", e.getMessage());
      }
    }, "jubjub-s3-lock-release");
    Runtime.getRuntime().addShutdownHook(release);
    S3Lock taken;
    try {
      taken = S3Lock.take(this);
    } catch (Throwable e) {
      taking.completeExceptionally(e);
      removeHook(release);
      throw e;
    }
    taking.complete(taken);
    lock.set(taken);
    abortAbandonedUploads();
    return () -> {
      lock.compareAndSet(taken, null);
      removeHook(release);
      taken.close();
    };
  }

  private static void removeHook(Thread release) {
    try {
      Runtime.getRuntime().removeShutdownHook(release);
    } catch (IllegalStateException stopping) {
      // the hook is running, or about to: it closes the lock itself
    }
  }

  /** For tests: the lock this storage holds, or null. */
  S3Lock heldLock() {
    return lock.get();
  }

  /** Called by the lock's renewal when it finds the lock gone or another's. */
  void lockLost(String why) {
    lockLost = why;
  }

  /** Refuses a write once the lock this storage took is lost, or may have expired unseen. */
  void checkLock(String path) throws IOException {
    S3Lock held = lock.get();
    if (held != null) {
      held.checkLease();
    }
    if (lockLost != null) {
      throw new IOException("lost the mirror lock; refusing to change " + describe(path) + ": " + lockLost);
    }
  }

  /**
   * Multipart uploads a killed writer left under {@code web/} are garbage once we hold the lock
   * (and billed until aborted). Best effort: the permission to list them may be missing.
   */
  private void abortAbandonedUploads() {
    String prefix = key("web") + "/";
    try {
      for (MultipartUpload u :
          s3.listMultipartUploadsPaginator(r -> r.bucket(bucket()).prefix(prefix)).uploads()) {
        log.info("aborting an abandoned multipart upload of s3://{}/{}", bucket(), u.key());
        s3.abortMultipartUpload(r -> r.bucket(bucket()).key(u.key()).uploadId(u.uploadId()));
      }
    } catch (SdkException e) {
      log.warn("could not list or abort abandoned multipart uploads under s3://{}/{}: {}", bucket(), prefix,
          e.getMessage());
    }
  }

  @Override
  public String describe(String path) {
    return config.describe() + "/" + path;
  }

  /** {@code /bucket/prefix/x/y} (bandersnatch's way of naming an object in its config) is {@code x/y}. */
  @Override
  public Optional<String> treePath(java.nio.file.Path configured) {
    String root = "/" + bucket() + (config.prefix().isEmpty() ? "" : "/" + config.prefix()) + "/";
    String path = configured.normalize().toString();
    if (!path.startsWith(root) || path.length() == root.length()) {
      return Optional.empty();
    }
    try {
      return Optional.of(StoragePath.check(path.substring(root.length())));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public Optional<URI> presign(String path, Duration ttl) throws IOException {
    String key = key(path);
    S3Presigner signer = presigner;
    if (signer == null) {
      synchronized (this) {
        if (presigner == null) {
          presigner = S3Clients.presigner(config);
        }
        signer = presigner;
      }
    }
    try {
      return Optional.of(signer.presignGetObject(r -> r.signatureDuration(ttl)
          .getObjectRequest(g -> g.bucket(bucket()).key(key))).url().toURI());
    } catch (SdkException | java.net.URISyntaxException e) {
      throw new IOException(describe(path) + ": cannot presign: " + e.getMessage(), e);
    }
  }

  /** Releases a lock still held (its handle should have been closed first) and the HTTP client. */
  @Override
  public void close() {
    S3Lock held = lock.getAndSet(null);
    if (held != null) {
      try {
        held.close();
      } catch (IOException e) {
        log.warn("could not release the mirror lock: {}", e.getMessage());
      }
    }
    Map<String, Long> counts = requestCounts();
    if (!counts.isEmpty()) {
      // What the store will bill, and the figure the S3 bench reads.
      log.info("S3 requests: {}", counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
          .map(e -> e.getKey() + " " + e.getValue()).collect(java.util.stream.Collectors.joining(", ")));
    }
    if (presigner != null) {
      presigner.close();
    }
    s3.close();
  }

  @Override
  public String toString() {
    return "S3Storage[" + config.describe() + "]"; // never the keys
  }
}
