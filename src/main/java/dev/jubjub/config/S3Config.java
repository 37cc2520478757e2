package dev.jubjub.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code [s3]} section, read when {@code storage-backend = s3}, with bandersnatch's keys: the
 * bucket and key prefix come from {@code directory = /bucket/prefix}; {@code region_name}, {@code
 * aws_access_key_id} and {@code aws_secret_access_key}, {@code endpoint_url} (MinIO, Ceph, a test
 * server) and {@code signature_version} (only {@code s3v4}: the AWS SDK signs nothing else);
 * {@code config_param_<Name>} (ServerSideEncryption, SSEKMSKeyId) go with every PUT. Without keys
 * in the file, credentials come from the AWS SDK's usual chain (AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, AWS_PROFILE and ~/.aws/credentials, instance roles).
 *
 * <p>jubjub's own keys: {@code addressing_style} ({@code path}, {@code virtual}, or {@code auto}:
 * path-style with an endpoint_url, virtual-hosted on AWS), {@code lock_ttl} (seconds a mirror
 * lock outlives a killed writer; default 120) and {@code max_attempts} (per request, default 10).
 *
 * @param prefix the key prefix, without leading or trailing '/', possibly empty
 */
public record S3Config(
    String bucket,
    String prefix,
    Optional<String> region,
    Optional<String> accessKeyId,
    Optional<String> secretAccessKey,
    Optional<URI> endpoint,
    boolean pathStyle,
    Map<String, String> putParameters,
    Duration lockTtl,
    int maxAttempts,
    Duration readTimeout,
    Optional<Path> caBundle) {
  private static final Set<String> KNOWN = Set.of(
      "region_name", "aws_access_key_id", "aws_secret_access_key", "endpoint_url", "signature_version",
      "addressing_style", "lock_ttl", "max_attempts");
  /** The boto3 PutObject parameters bandersnatch users set through config_param_. */
  private static final Set<String> PUT_PARAMETERS =
      Set.of("ServerSideEncryption", "SSEKMSKeyId", "StorageClass", "ACL", "CacheControl");

  /** A batch command's settings: a socket that stays silent for 60 s is a failed attempt. */
  public S3Config(String bucket, String prefix, Optional<String> region, Optional<String> accessKeyId,
      Optional<String> secretAccessKey, Optional<URI> endpoint, boolean pathStyle, Map<String, String> putParameters,
      Duration lockTtl, int maxAttempts) {
    this(bucket, prefix, region, accessKeyId, secretAccessKey, endpoint, pathStyle, putParameters, lockTtl,
        maxAttempts, Duration.ofSeconds(60), Optional.empty());
  }

  public S3Config {
    putParameters = Map.copyOf(putParameters);
    if (accessKeyId.isPresent() != secretAccessKey.isPresent()) {
      throw new IllegalArgumentException("aws_access_key_id and aws_secret_access_key go together");
    }
  }

  /**
   * The settings for a server, where a client waits for each answer: at most 2 tries of a request,
   * a socket silent for 15 s is a failed try, so a client hears of a store that is down within
   * half a minute, not many minutes.
   */
  public S3Config forServing() {
    return new S3Config(bucket, prefix, region, accessKeyId, secretAccessKey, endpoint, pathStyle, putParameters,
        lockTtl, Math.min(maxAttempts, 2), Duration.ofSeconds(15), caBundle);
  }

  /** The name a message gives the bucket and prefix: {@code s3://bucket/prefix}. */
  public String describe() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /** Reads {@code [s3]} for a mirror whose {@code directory} is {@code /bucket/prefix}. */
  public static S3Config from(MirrorConfig mirror, List<String> warnings) {
    IniFile ini = mirror.ini();
    String section = "s3";
    for (String key : ini.keys(section)) {
      String k = key.toLowerCase(Locale.ROOT);
      if (k.equals("verify_concurrency")) {
        ini.entry(section, key).ifPresent(e -> warnings.add(e.location() + ": verify_concurrency is not used by jubjub:"
            + " [mirror] verifiers (or verify --workers) sets how many projects verify checks at once"));
      } else if (!KNOWN.contains(k) && !k.startsWith("config_param_")) {
        ini.entry(section, key).ifPresent(e -> warnings.add(e.location() + ": unknown option '" + key + "' in [s3]"));
      }
    }
    Path directory = mirror.directory();
    String written = directory.toString();
    if (written.matches("(?i)^(/.*/)?s3:/.*")) {
      String asWritten = ini.get("mirror", "directory").map(String::strip).orElse(written);
      throw new ConfigException("storage-backend = s3 wants directory = /bucket/prefix (bandersnatch's form), not the"
          + " URL " + asWritten + ": directory = "
          + written.substring(written.toLowerCase(java.util.Locale.ROOT).indexOf("s3:/") + 3));
    }
    if (directory.getNameCount() == 0) {
      throw new ConfigException("storage-backend = s3 wants directory = /bucket/prefix (bandersnatch's form); "
          + directory + " names no bucket");
    }
    for (Path part : directory) {
      if (part.toString().equals(".") || part.toString().equals("..")) {
        throw new ConfigException("storage-backend = s3: directory = " + directory + " has a '" + part + "' part;"
            + " S3 keys are taken as written, so give the bucket and prefix plainly: /bucket/prefix");
      }
    }
    String bucket = directory.getName(0).toString();
    String prefix = directory.getNameCount() > 1 ? directory.subpath(1, directory.getNameCount()).toString() : "";
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new ConfigException("storage-backend = s3: '" + bucket + "' (the first part of directory = "
          + directory + ") is not a valid bucket name (3-63 of a-z, 0-9, '.' and '-')");
    }
    Optional<String> region = text(ini, section, "region_name");
    Optional<String> keyId = text(ini, section, "aws_access_key_id");
    Optional<String> secret = text(ini, section, "aws_secret_access_key");
    if (keyId.isPresent() != secret.isPresent()) {
      throw new ConfigException(ini.entry(section, keyId.isPresent() ? "aws_access_key_id" : "aws_secret_access_key")
          .map(IniEntry::location).orElse(null),
          "[s3] sets one of aws_access_key_id and aws_secret_access_key: set both, or neither to use the"
              + " environment or ~/.aws/credentials");
    }
    Optional<URI> endpoint = Optional.empty();
    Optional<IniEntry> endpointEntry = ini.entry(section, "endpoint_url").filter(e -> !ini.value(e).isBlank());
    if (endpointEntry.isPresent()) {
      IniEntry e = endpointEntry.get();
      String v = ini.value(e).strip();
      URI uri;
      try {
        uri = new URI(v);
      } catch (java.net.URISyntaxException ex) {
        throw e.invalid(v, "not a URL");
      }
      if (!List.of("http", "https").contains(String.valueOf(uri.getScheme())) || uri.getHost() == null) {
        throw e.invalid(v, "expected an http(s) URL such as http://minio.example:9000");
      }
      if (uri.getRawUserInfo() != null) {
        throw e.invalid("(hidden)", "credentials go in aws_access_key_id and aws_secret_access_key, not the URL");
      }
      endpoint = Optional.of(uri);
    }
    ini.entry(section, "signature_version").ifPresent(e -> {
      String v = ini.value(e).strip();
      if (!v.isEmpty() && !v.equalsIgnoreCase("s3v4") && !v.equalsIgnoreCase("v4")) {
        throw e.invalid(v, "only s3v4 is supported (signature version 2 is deprecated by AWS and not signed by"
            + " its SDK); remove the line or set s3v4");
      }
    });
    boolean pathStyle = ini.entry(section, "addressing_style").map(e -> {
      String v = ini.value(e).strip().toLowerCase(Locale.ROOT);
      return switch (v) {
        case "path" -> true;
        case "virtual" -> false;
        case "auto", "" -> null;
        default -> throw e.invalid(v, "expected path, virtual or auto");
      };
    }).orElse(null) instanceof Boolean b ? b : endpoint.isPresent();
    Map<String, String> params = new LinkedHashMap<>();
    for (String key : ini.keys(section)) {
      if (key.toLowerCase(Locale.ROOT).startsWith("config_param_")) {
        String name = key.substring("config_param_".length());
        IniEntry e = ini.entry(section, key).orElseThrow();
        String known = PUT_PARAMETERS.stream().filter(p -> p.equalsIgnoreCase(name)).findFirst()
            .orElseThrow(() -> new ConfigException(e.location(), "[s3] " + key + ": jubjub passes config_param_"
                + String.join(", config_param_", new java.util.TreeSet<>(PUT_PARAMETERS))
                + " to S3 with every upload, and no other: remove the line, or ask for it"));
        params.put(known, ini.value(e).strip());
      }
    }
    Duration ttl = Duration.ofSeconds(ini.entry(section, "lock_ttl").map(e -> {
      int v = Values.toInt(e, ini.value(e));
      if (v < 5 || v > 86_400) {
        throw e.invalid(ini.value(e), "expected 5 to 86400 seconds (a day)");
      }
      return v;
    }).orElse(120));
    int attempts = ini.entry(section, "max_attempts").map(e -> {
      int v = Values.toInt(e, ini.value(e));
      if (v < 1 || v > 100) {
        throw e.invalid(ini.value(e), "expected 1 to 100");
      }
      return v;
    }).orElse(10);
    return new S3Config(bucket, prefix, region, keyId, secret, endpoint, pathStyle, params, ttl, attempts,
        Duration.ofSeconds(60), mirror.caBundle());
  }

  private static Optional<String> text(IniFile ini, String section, String key) {
    return ini.get(section, key).map(String::strip).filter(s -> !s.isEmpty());
  }

  @Override
  public String toString() {
    // Never the secret: configs end up in logs and bug reports.
    return "S3Config[" + describe() + ", region=" + region.orElse("(default)") + ", endpoint="
        + endpoint.map(URI::toString).orElse("(AWS)") + ", pathStyle=" + pathStyle + "]";
  }
}
