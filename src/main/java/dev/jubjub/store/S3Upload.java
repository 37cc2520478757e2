package dev.jubjub.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One atomic write to S3. The bytes are kept until they fill a part (8 MiB): a file that ends
 * before that goes as one PUT on commit, a larger one as a multipart upload whose parts go as they
 * fill, so a pending file holds at most one part in memory. Nothing is visible before commit: the
 * PUT, or the completion of the multipart upload, is the commit.
 */
final class S3Upload implements Storage.PendingFile {
  private static final Logger log = LoggerFactory.getLogger(S3Upload.class);
  /** S3 allows parts of 5 MiB to 5 GiB and 10,000 of them: 8 MiB parts make up to 80 GB. */
  static final int PART_SIZE = 8 << 20;
  private static final int MAX_PARTS = 10_000;
  /** Most files are small pages: the buffer starts small and doubles up to a part. */
  private static final int INITIAL_BUFFER = 16 << 10;

  private final S3Storage storage;
  private final String path;
  private final String key;
  private final Storage.Attributes attributes;
  private final OutputStream stream = new PartStream();
  private byte[] buffer = new byte[INITIAL_BUFFER];
  private int count;
  private String uploadId;
  private final List<CompletedPart> parts = new ArrayList<>();
  private boolean committed;
  private boolean discarded;

  S3Upload(S3Storage storage, String path, Storage.Attributes attributes) {
    this.storage = storage;
    this.path = path;
    this.key = storage.key(path);
    this.attributes = attributes;
  }

  @Override
  public OutputStream stream() {
    return stream;
  }

  @Override
  public void commit() throws IOException {
    checkOpen();
    storage.checkLock(path);
    try {
      if (uploadId == null) {
        storage.s3().putObject(r -> objectParameters(r.bucket(storage.bucket()).key(key))
            .metadata(metadata()), body());
      } else {
        uploadPart();
        storage.s3().completeMultipartUpload(r -> r.bucket(storage.bucket()).key(key).uploadId(uploadId)
            .multipartUpload(u -> u.parts(parts)));
      }
    } catch (SdkException e) {
      throw fail(e);
    }
    committed = true;
    buffer = null;
  }

  @Override
  public void close() throws IOException {
    if (!committed && !discarded) {
      discard();
    }
  }

  private Map<String, String> metadata() {
    Map<String, String> metadata = new HashMap<>();
    if (attributes.sha256() != null) {
      metadata.put(S3Storage.SHA256, attributes.sha256());
    }
    if (attributes.lastModified() != null) {
      metadata.put(S3Storage.UPLOADED_AT, S3Storage.uploadedAt(attributes.lastModified()));
    }
    return metadata;
  }

  /** The buffered bytes, re-readable for a retried attempt, without a copy. */
  private RequestBody body() {
    byte[] bytes = buffer;
    int length = count;
    return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
        contentType(path));
  }

  private void uploadPart() throws IOException {
    if (uploadId == null) {
      try {
        uploadId = storage.s3().createMultipartUpload(
            r -> objectParameters(r.bucket(storage.bucket()).key(key)).metadata(metadata())).uploadId();
      } catch (SdkException e) {
        throw fail(e);
      }
    }
    int number = parts.size() + 1;
    if (number > MAX_PARTS) {
      throw fail(new IOException(storage.describe(path) + ": larger than S3's " + MAX_PARTS + " parts of "
          + (PART_SIZE >> 20) + " MiB"));
    }
    try {
      UploadPartResponse response = storage.s3().uploadPart(r -> r.bucket(storage.bucket()).key(key)
          .uploadId(uploadId).partNumber(number).contentLength((long) count), body());
      parts.add(CompletedPart.builder().partNumber(number).eTag(response.eTag()).build());
    } catch (SdkException e) {
      throw fail(e);
    }
    count = 0;
  }

  /** What every upload carries: content type and the configured {@code config_param_}s. */
  private PutObjectRequest.Builder objectParameters(PutObjectRequest.Builder request) {
    storage.putParameters(request::serverSideEncryption, request::ssekmsKeyId, request::storageClass,
        request::acl, request::cacheControl);
    return request.contentType(contentType(path));
  }

  private CreateMultipartUploadRequest.Builder objectParameters(
      CreateMultipartUploadRequest.Builder request) {
    storage.putParameters(request::serverSideEncryption, request::ssekmsKeyId, request::storageClass,
        request::acl, request::cacheControl);
    return request.contentType(contentType(path));
  }

  /** What a static web site on the bucket (or a CDN before it) sends as Content-Type. */
  private static String contentType(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (name.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (name.equals("index.v1_html")) {
      return "application/vnd.pypi.simple.v1+html";
    }
    if (name.equals("index.v1_json")) {
      return "application/vnd.pypi.simple.v1+json";
    }
    if (path.startsWith("web/json/") || path.startsWith("web/pypi/") && name.equals("json")) {
      return "application/json";
    }
    return "application/octet-stream";
  }

  private IOException fail(SdkException e) {
    return fail(storage.io(storage.describe(path), e));
  }

  /** A failed write is discarded at once: no part of it may linger (and be billed). */
  private IOException fail(IOException e) {
    try {
      discard();
    } catch (IOException abortFailed) {
      e.addSuppressed(abortFailed);
    }
    return e;
  }

  private void discard() throws IOException {
    discarded = true;
    buffer = null;
    if (uploadId != null) {
      String id = uploadId;
      uploadId = null;
      try {
        storage.s3().abortMultipartUpload(r -> r.bucket(storage.bucket()).key(key).uploadId(id));
      } catch (SdkException e) {
        log.warn("could not abort the multipart upload of {} ({}); the next lock() tries again",
            storage.describe(path), e.getMessage());
        throw storage.io(storage.describe(path), e);
      }
    }
  }

  private void checkOpen() throws IOException {
    if (committed || discarded) {
      throw new IOException(storage.describe(path) + ": the write was already "
          + (committed ? "committed" : "discarded"));
    }
  }

  private final class PartStream extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      checkOpen();
      while (len > 0) {
        if (count == PART_SIZE) {
          uploadPart(); // only once more bytes come: a file of exactly one part is one PUT
        }
        if (count + len > buffer.length && buffer.length < PART_SIZE) {
          long grown = Math.max(2L * buffer.length, (long) count + len);
          buffer = Arrays.copyOf(buffer, (int) Math.min(PART_SIZE, grown));
        }
        int n = Math.min(len, buffer.length - count);
        System.arraycopy(b, off, buffer, count, n);
        count += n;
        off += n;
        len -= n;
      }
    }
  }
}
