package dev.jubjub.store;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The mirror lock in a bucket: the object {@code prefix/.lock}, holding who took it (a random owner
 * id, host, pid) and until when. An object store has no lock that dies with its process, so the
 * lock is a lease: taken by a conditional create ({@code If-None-Match: *}), renewed every third of
 * {@code lock_ttl} by a conditional overwrite ({@code If-Match} of the last ETag), and taken over
 * from a holder that stopped renewing only by a conditional overwrite of the expired object, so of
 * two takers one wins (on S3; {@link #readOwner} covers servers that check, then write). Expiry
 * is judged by the taker's clock against the holder's: hosts must keep their clocks within a
 * fraction of lock_ttl (NTP does).
 *
 * <p>A holder that cannot renew must stop writing before anyone may take the lock: it counts its
 * lease from before each renewal was sent, five sixths of lock_ttl, and once that passes (or a
 * renewal finds the lock another's) every later write of its storage fails.
 */
final class S3Lock implements Storage.Lock {
  private static final Logger log = LoggerFactory.getLogger(S3Lock.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HOST = hostName();
  /**
   * Where a pid means this process table: the kernel's boot id and this process's pid namespace.
   * A host name alone is not enough (containers on the host network share it, each with its own
   * pids), and taking over the live lock of a pid merely invisible here would let two writers in.
   * Null where the kernel does not say (not Linux): then only expiry frees a lock.
   */
  private static final String PID_SPACE = pidSpace();
  private static final int ATTEMPTS = 5;

  private final S3Storage storage;
  private final String key;
  private final String where;
  private final String owner = UUID.randomUUID().toString();
  private final Duration ttl;
  private final CountDownLatch stop = new CountDownLatch(1);
  private Thread renewal;
  /** The ETag of our lock object as last written; guarded by {@code this}. */
  private String etag;
  private volatile long leaseEnd;
  private final AtomicBoolean lost = new AtomicBoolean();
  private boolean closed;

  private S3Lock(S3Storage storage) {
    this.storage = storage;
    String prefix = storage.config().prefix();
    this.key = prefix.isEmpty() ? ".lock" : prefix + "/.lock";
    this.where = "s3://" + storage.bucket() + "/" + key;
    this.ttl = storage.config().lockTtl();
  }

  /** Takes the lock and starts renewing it. */
  static S3Lock take(S3Storage storage) throws IOException, LockHeldException {
    S3Lock lock = new S3Lock(storage);
    lock.acquire();
    lock.renewal = Thread.ofVirtual().name("s3-lock-renewal").start(lock::renewWhileHeld);
    return lock;
  }

  private synchronized void acquire() throws IOException, LockHeldException {
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      if (write(r -> r.ifNoneMatch("*"))) {
        return;
      }
      Holder holder = read();
      if (holder == null) {
        continue; // released since: try to create it again
      }
      if (owner.equals(holder.owner)) {
        etag = holder.etag; // our own create, whose answer was lost and retried
        return;
      }
      long now = System.currentTimeMillis();
      boolean deadHere = PID_SPACE != null && PID_SPACE.equals(holder.pidSpace)
          && holder.pid != ProcessHandle.current().pid() && ProcessHandle.of(holder.pid).isEmpty();
      if (holder.expires > now && !deadHere) {
        throw new LockHeldException("the mirror lock " + where + " is held by " + holder.describe()
            + " until " + Instant.ofEpochMilli(holder.expires) + " (in "
            + Math.ceilDiv(holder.expires - now, 1000) + " s): another jubjub runs on this mirror, or one"
            + " was killed less than lock_ttl ago");
      }
      if (deadHere) {
        log.warn("taking over the mirror lock {}: {} on this host is gone (killed before it let the lock go)",
            where, holder.describe());
      } else {
        log.warn("taking over the mirror lock {}: {} stopped renewing it at {}", where, holder.describe(),
            Instant.ofEpochMilli(holder.expires));
      }
      if (write(r -> r.ifMatch(holder.etag)) && owner.equals(readOwner())) {
        return;
      }
      // Another taker was quicker (or the holder came back): look again.
    }
    throw new IOException(where + ": could not take the mirror lock in " + ATTEMPTS
        + " attempts: other processes keep changing it");
  }

  /**
   * Writes our lock object under a condition; false when the condition failed (412), or a
   * concurrent conditional write (409) or the object's removal (404, for If-Match) won.
   */
  private boolean write(UnaryOperator<PutObjectRequest.Builder> condition) throws IOException {
    long sent = System.nanoTime();
    long expires = System.currentTimeMillis() + ttl.toMillis();
    try {
      PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(storage.bucket()).key(key)
          .contentType("application/json");
      storage.putParameters(request::serverSideEncryption, request::ssekmsKeyId, null, null, null);
      RequestBody body = RequestBody.fromBytes(body(expires));
      etag = storage.s3().putObject(condition.apply(request).build(), body).eTag();
    } catch (SdkException e) {
      if (S3Errors.noSuchBucket(e)) {
        throw new IOException("s3://" + storage.bucket() + " does not exist (or these credentials cannot see it):"
            + " create the bucket first; jubjub makes none", e);
      }
      if (S3Errors.conditionFailed(e) || S3Errors.notFound(e)) {
        return false;
      }
      throw storage.io(where, e);
    }
    leaseEnd = sent + ttl.toNanos() * 5 / 6;
    return true;
  }

  /**
   * Who holds the lock after our takeover. S3 makes a conditional overwrite atomic; S3Proxy 4.1
   * checks the ETag and then writes, so two takers can both pass: the last write stands, and
   * reading it back tells the other it lost, unless that write lands only after the other's read.
   * A taker left over even so finds out at its first renewal (which fails on the ETag).
   */
  private String readOwner() throws IOException, LockHeldException {
    Holder now = read();
    return now == null ? null : now.owner;
  }

  /** The lock object as it is now, or null when there is none. */
  private Holder read() throws IOException, LockHeldException {
    ResponseBytes<GetObjectResponse> object;
    try {
      object = storage.s3().getObjectAsBytes(r -> r.bucket(storage.bucket()).key(key));
    } catch (SdkException e) {
      if (S3Errors.notFound(e)) {
        return null;
      }
      throw storage.io(where, e);
    }
    try {
      JsonNode json = JSON.readTree(object.asByteArray());
      if (json == null || !json.path("expires").canConvertToLong()) {
        throw new LockHeldException(foreignLock(object.asByteArray().length));
      }
      return new Holder(json.path("owner").asText(), json.path("host").asText("?"),
          json.path("pid_space").isTextual() ? json.path("pid_space").asText() : null, json.path("pid").asLong(),
          json.path("expires").asLong(), object.response().eTag());
    } catch (JacksonException e) {
      throw new LockHeldException(foreignLock(object.asByteArray().length));
    }
  }

  /**
   * bandersnatch's S3 plugin "locks" by creating an empty {@code .lock} for the length of its run
   * (and never checks it): such an object means a bandersnatch run, or one that crashed.
   */
  private String foreignLock(int size) {
    return where + " is not a jubjub lock (" + (size == 0 ? "an empty object, as bandersnatch's S3 plugin leaves"
        + " while it runs" : size + " bytes jubjub cannot read") + "): if no bandersnatch or other tool runs on"
        + " this mirror, delete it";
  }

  private void renewWhileHeld() {
    long interval = ttl.toNanos() / 3;
    long retry = Math.min(interval, Math.max(TimeUnit.SECONDS.toNanos(1), interval / 4));
    long wait = interval;
    try {
      while (!stop.await(wait, TimeUnit.NANOSECONDS)) {
        wait = renewOnce() ? interval : retry;
        if (lost.get()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // close() is stopping us
    }
  }

  /** True when renewed; false to try again soon (the lease may still cover us). */
  private synchronized boolean renewOnce() {
    if (closed || lost.get()) {
      return true;
    }
    try {
      if (write(r -> r.ifMatch(etag))) {
        return true;
      }
      Holder holder = read();
      if (holder != null && owner.equals(holder.owner)) {
        etag = holder.etag; // our previous renewal landed though its answer was lost: renew from there
        return false;
      }
      markLost(holder == null ? "it was deleted" : holder.describe() + " holds it now");
      return true;
    } catch (LockHeldException e) {
      markLost("it was overwritten: " + e.getMessage());
      return true;
    } catch (IOException e) {
      if (System.nanoTime() - leaseEnd > 0) {
        markLost("it could not be renewed before it expired: " + e.getMessage());
      } else {
        log.warn("could not renew the mirror lock {} ({}); trying again", where, e.getMessage());
      }
      return false;
    }
  }

  /** Called before each write: a lease that ran out unrenewed may already be another's. */
  void checkLease() {
    if (!lost.get() && System.nanoTime() - leaseEnd > 0) {
      markLost("it was not renewed within lock_ttl (" + ttl.toSeconds() + " s)");
    }
  }

  private void markLost(String why) {
    if (!lost.compareAndSet(false, true)) {
      return;
    }
    log.error("lost the mirror lock {}: {}; every further write of this run fails", where, why);
    storage.lockLost(where + " " + why);
  }

  /** Stops renewing and deletes the lock object, unless it is no longer ours. */
  @Override
  public void close() throws IOException {
    stopRenewal();
    release();
  }

  void stopRenewal() {
    stop.countDown();
    try {
      renewal.join(Duration.ofSeconds(5));
      if (renewal.isAlive()) {
        renewal.interrupt(); // a renewal stuck in a request
        renewal.join(Duration.ofSeconds(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void release() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (lost.get()) {
      return; // another's now, or gone: not ours to delete
    }
    try {
      storage.s3().deleteObject(r -> r.bucket(storage.bucket()).key(key).ifMatch(etag));
    } catch (SdkException e) {
      if (S3Errors.conditionFailed(e)) {
        log.warn("the mirror lock {} was changed by another process; left in place", where);
      } else if (S3Errors.status(e) == 501) {
        deleteUnconditionally(); // a server without conditional deletes (AWS has them since 2025)
      } else if (!S3Errors.notFound(e)) {
        throw storage.io(where, e);
      }
    }
  }

  private void deleteUnconditionally() throws IOException {
    try {
      storage.s3().deleteObject(r -> r.bucket(storage.bucket()).key(key));
    } catch (SdkException e) {
      throw storage.io(where, e);
    }
  }

  private byte[] body(long expires) {
    return JSON.createObjectNode().put("owner", owner).put("host", HOST).put("pid_space", PID_SPACE)
        .put("pid", ProcessHandle.current().pid()).put("expires", expires)
        .put("expires_at", Instant.ofEpochMilli(expires).toString()) // for a human reading the object
        .toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String pidSpace() {
    try {
      String boot = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/random/boot_id")).strip();
      String ns = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/ns/pid")).toString();
      return boot + " " + ns;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return System.getenv().getOrDefault("HOSTNAME", "unknown host");
    }
  }

  private record Holder(String owner, String host, String pidSpace, long pid, long expires, String etag) {
    String describe() {
      return "host " + host + " (pid " + pid + ")";
    }
  }
}
