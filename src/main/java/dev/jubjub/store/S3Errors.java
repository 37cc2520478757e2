package dev.jubjub.store;

import java.io.IOException;
import java.io.InterruptedIOException;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * SDK failures as the {@link IOException}s the rest of jubjub handles, each naming the object
 * ({@code s3://bucket/key}), the HTTP status and S3's error code. The SDK's messages carry no
 * credentials (requests are signed, the secret never travels), so quoting them is safe.
 */
final class S3Errors {
  private S3Errors() {}

  static IOException io(String where, SdkException e) {
    if (e instanceof AbortedException || e.getCause() instanceof InterruptedException) {
      InterruptedIOException interrupted = new InterruptedIOException(where + ": interrupted");
      interrupted.initCause(e);
      return interrupted;
    }
    if (e instanceof AwsServiceException s) {
      // A HEAD's answer has no body, so no error code: then the status line says what there is.
      AwsErrorDetails d = s.awsErrorDetails();
      String code = d == null ? null : d.errorCode();
      String message = d == null ? null : d.errorMessage();
      if (code == null && message == null && d != null && d.sdkHttpResponse() != null) {
        message = d.sdkHttpResponse().statusText().orElse(null);
      }
      return new IOException(where + ": " + s.statusCode() + (code == null ? "" : " " + code)
          + (message == null ? "" : code == null ? " " + message : ": " + message), e);
    }
    return new IOException(where + ": " + e.getMessage(), e);
  }

  static int status(SdkException e) {
    return e instanceof AwsServiceException s ? s.statusCode() : 0;
  }

  static boolean notFound(SdkException e) {
    return status(e) == 404;
  }

  static boolean noSuchBucket(SdkException e) {
    return e instanceof AwsServiceException s && s.awsErrorDetails() != null
        && "NoSuchBucket".equals(s.awsErrorDetails().errorCode());
  }

  /** 412: the condition did not hold; 409: a concurrent conditional write won (AWS asks to retry). */
  static boolean conditionFailed(SdkException e) {
    return status(e) == 412 || status(e) == 409;
  }
}
