package io.autoops.s3;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server a test talks to through S3A: where it listens and the credentials it accepts.
 * The S3A settings are per bucket ({@code fs.s3a.bucket.<bucket>.*}), so several servers and
 * buckets can share the test JVM's one SparkSession; give every test class its own {@link
 * #uniqueBucket bucket name}, because Hadoop caches one file system per bucket.
 */
public interface S3Store {
  /** The server's endpoint, such as {@code http://127.0.0.1:41234}. */
  String endpoint();

  String accessKey();

  String secretKey();

  /** A bucket name no other test of this JVM uses: {@code autoops-<prefix>-<random>}. */
  static String uniqueBucket(String prefix) {
    return ("autoops-" + prefix + "-" + UUID.randomUUID().toString().substring(0, 8))
        .toLowerCase(Locale.ROOT);
  }

  /** Creates {@code bucket} on the server (S3A itself never creates buckets). */
  default void createBucket(String bucket) {
    try (S3Client s3 =
        S3Client.builder()
            .endpointOverride(URI.create(endpoint()))
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(accessKey(), secretKey())))
            .httpClientBuilder(ApacheHttpClient.builder())
            .build()) {
      s3.createBucket(b -> b.bucket(bucket));
    }
  }

  /**
   * The Hadoop settings that point S3A at this server for {@code bucket} only: endpoint, path-style
   * access, plain HTTP, region, and the static credentials.
   */
  default Map<String, String> s3aSettings(String bucket) {
    return s3aSettings(bucket, endpoint(), accessKey(), secretKey());
  }

  /** As {@link #s3aSettings(String)}, with any endpoint and credentials (for failure tests). */
  static Map<String, String> s3aSettings(
      String bucket, String endpoint, String accessKey, String secretKey) {
    String prefix = "fs.s3a.bucket." + bucket + ".";
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put(prefix + "endpoint", endpoint);
    settings.put(prefix + "endpoint.region", "us-east-1");
    settings.put(prefix + "path.style.access", "true");
    settings.put(prefix + "connection.ssl.enabled", "false");
    settings.put(
        prefix + "aws.credentials.provider",
        "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    settings.put(prefix + "access.key", accessKey);
    settings.put(prefix + "secret.key", secretKey);
    settings.put(prefix + "multipart.size", "5M");
    settings.put(prefix + "multipart.threshold", "5M");
    return settings;
  }

  /** {@code settings} as {@code --conf spark.hadoop.KEY=VALUE} arguments of the autoops CLI. */
  static List<String> cliConf(Map<String, String> settings) {
    List<String> args = new ArrayList<>();
    settings.forEach(
        (key, value) -> {
          args.add("--conf");
          args.add("spark.hadoop." + key + "=" + value);
        });
    return args;
  }

  /**
   * Copies a local folder to {@code target} (such as {@code s3a://bucket/samples}) through Hadoop's
   * file system API, with a file system instance of its own (closed afterwards).
   */
  default void upload(java.nio.file.Path folder, String target) throws IOException {
    Path to = new Path(target);
    Configuration conf = new Configuration();
    s3aSettings(to.toUri().getHost()).forEach(conf::set);
    try (FileSystem s3 = FileSystem.newInstance(to.toUri(), conf)) {
      FileSystem local = FileSystem.getLocal(conf);
      if (!FileUtil.copy(local, new Path(folder.toUri()), s3, to, false, conf)) {
        throw new IOException("Copy of " + folder + " to " + target + " failed");
      }
    }
  }
}
