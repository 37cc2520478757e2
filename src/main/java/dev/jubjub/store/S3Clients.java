package dev.jubjub.store;

import dev.jubjub.config.ConfigException;
import dev.jubjub.config.S3Config;
import dev.jubjub.config.TlsTrust;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Builds the one {@link S3Client} an {@link S3Storage} uses from the {@code [s3]} section. */
final class S3Clients {
  private S3Clients() {}

  static S3Client build(S3Config config, ExecutionInterceptor interceptor) {
    S3ClientBuilder builder = S3Client.builder()
        // The JDK's HttpURLConnection: no extra jars, a fast start. No overall time limit per
        // attempt: an 8 MiB part over a slow link may rightly take minutes; a stall is caught by
        // the socket (read) timeout instead.
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(config.readTimeout())
            // The SDK's own default is the JDK's list alone: a MinIO with a company CA needs more.
            .tlsTrustManagersProvider(() -> TlsTrust.load(config.caBundle(), System.getenv()).trustManagers()))
        .region(region(config))
        .credentialsProvider(credentials(config))
        .forcePathStyle(config.pathStyle())
        // With Expect: 100-continue, HttpURLConnection drops the body of an error answer, and with
        // it S3's error code (the SDK says so); the cost of going without: an upload refused at
        // once (403, 503 SlowDown) sends its up to 8 MiB for nothing.
        .serviceConfiguration(s -> s.expectContinueEnabled(false)
            // aws-chunked signing over plain HTTP: S3Proxy drops the connection now and then after
            // such a PUT, and older compatible servers refuse it; a signed plain body works on all.
            .chunkedEncodingEnabled(config.endpoint().isEmpty()))
        .overrideConfiguration(o -> o
            .retryStrategy(r -> r.maxAttempts(config.maxAttempts()))
            .addExecutionInterceptor(interceptor));
    config.endpoint().ifPresent(endpoint -> builder
        .endpointOverride(endpoint)
        // S3-compatible servers (older MinIO and Ceph, B2, R2) refuse or mishandle the CRC trailers
        // the SDK adds to every upload since 2.30; checksums only where S3 requires them. Uploads are
        // verified by sha256 before they are written, and SigV4 signs the payload over HTTP.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
    return builder.build();
  }

  /** Presigns GETs for serve's redirects, with the same credentials, region and addressing. */
  static S3Presigner presigner(S3Config config) {
    S3Presigner.Builder builder = S3Presigner.builder()
        .region(region(config))
        .credentialsProvider(credentials(config))
        .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
            .pathStyleAccessEnabled(config.pathStyle()).build());
    config.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  private static AwsCredentialsProvider credentials(S3Config config) {
    if (config.accessKeyId().isPresent()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(config.accessKeyId().get(), config.secretAccessKey().orElseThrow()));
    }
    // Env, profiles, container and instance roles. Asked once now: without any, the SDK's answer at
    // the first request is a page listing its providers, and the run would count as a failed sync.
    DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build();
    try {
      chain.resolveCredentials();
    } catch (SdkClientException e) {
      throw new ConfigException(null, "no AWS credentials for " + config.describe() + ": set aws_access_key_id and"
          + " aws_secret_access_key in [s3], or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or a profile in"
          + " ~/.aws/credentials (AWS_PROFILE)", e);
    }
    return chain;
  }

  /**
   * From the config, else the SDK's chain. With an endpoint (MinIO, Ceph) the region is a formality
   * of the signature: only the environment and profiles are asked, not EC2's metadata service (a
   * second of timeouts off EC2), and us-east-1 is the default.
   */
  private static Region region(S3Config config) {
    if (config.region().isPresent()) {
      return Region.of(config.region().get());
    }
    if (config.endpoint().isEmpty()) {
      try {
        return new DefaultAwsRegionProviderChain().getRegion();
      } catch (SdkClientException e) {
        throw new ConfigException(null, "[s3] has no region_name and none is set for the AWS SDK"
            + " (AWS_REGION, ~/.aws/config): set region_name to the bucket's region", e);
      }
    }
    try {
      return new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
          .getRegion();
    } catch (SdkClientException e) {
      return Region.US_EAST_1;
    }
  }
}
