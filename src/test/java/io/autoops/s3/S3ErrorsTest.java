package io.autoops.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoops.TestSpark;
import io.autoops.pipelines.cli.AutoopsMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A warehouse or input on S3 that cannot be used stops the run early, on the driver, with exit code
 * 1 and one line on stderr that names the endpoint and the bucket and says what to fix, never a
 * credential, and within a bounded time (S3A's retries are capped by autoops' defaults). Each case
 * has its own bucket name, because Hadoop caches one file system per bucket.
 */
class S3ErrorsTest {
  /** Far above the ~7 s a refused connection takes with autoops' S3A defaults. */
  private static final Duration BOUND = Duration.ofSeconds(90);

  private static S3ProxyStore server;

  @TempDir Path localWarehouse;

  @BeforeAll
  static void startServer() throws Exception {
    server = S3ProxyStore.start();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void wrongEndpointNamesEndpointAndBucket() throws IOException {
    String bucket = S3Store.uniqueBucket("noserver");
    String endpoint = "http://127.0.0.1:" + freePort();

    assertThat(cannotConnect(bucket, endpoint))
        .contains("Connection refused")
        .contains("spark.hadoop.fs.s3a.bucket." + bucket + ".endpoint");
  }

  @Test
  void endpointThatNeverAnswersFailsWithinTheBound() throws IOException {
    // Connections complete in the listen backlog, but nothing ever reads or answers them.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      cannotConnect(S3Store.uniqueBucket("silent"), "http://127.0.0.1:" + silent.getLocalPort());
    }
  }

  /** Runs the demo against {@code endpoint}, which has no S3 behind it; returns the error line. */
  private static String cannotConnect(String bucket, String endpoint) {
    Failure failure =
        demo(
            "s3a://" + bucket + "/wh",
            samples(),
            S3Store.s3aSettings(bucket, endpoint, server.accessKey(), server.secretKey()));

    assertThat(failure.line())
        .startsWith("autoops demo: Warehouse s3a://" + bucket + "/wh: cannot connect to bucket '")
        .contains("bucket '" + bucket + "' at endpoint " + endpoint)
        .contains("check that the store is running");
    return failure.line();
  }

  @Test
  void missingBucketNamesEndpointAndBucket() {
    String bucket = S3Store.uniqueBucket("absent");

    Failure failure = demo("s3a://" + bucket + "/wh", samples(), server.s3aSettings(bucket));

    assertThat(failure.line())
        .isEqualTo(
            "autoops demo: Warehouse s3a://"
                + bucket
                + "/wh: bucket '"
                + bucket
                + "' at endpoint "
                + server.endpoint()
                + " does not exist: create the bucket, or fix spark.autoops.warehouse or the"
                + " endpoint (spark.hadoop.fs.s3a.endpoint or spark.hadoop.fs.s3a.bucket."
                + bucket
                + ".endpoint).");
  }

  @Test
  void rejectedCredentialsNameEndpointAndBucketButNoKey() {
    String bucket = S3Store.uniqueBucket("denied");
    server.createBucket(bucket);
    String wrongSecret = "wrong-" + server.secretKey();

    Failure failure =
        demo(
            "s3a://" + bucket + "/wh",
            samples(),
            S3Store.s3aSettings(bucket, server.endpoint(), server.accessKey(), wrongSecret));

    assertThat(failure.line())
        .startsWith(
            "autoops demo: Warehouse s3a://"
                + bucket
                + "/wh: access denied to bucket '"
                + bucket
                + "' at endpoint "
                + server.endpoint()
                + ": check the credentials (spark.hadoop.fs.s3a.access.key and"
                + " spark.hadoop.fs.s3a.secret.key")
        .doesNotContain(wrongSecret)
        .doesNotContain(server.accessKey());
  }

  @Test
  void samplesInMissingBucketFailBeforeAnyStage() {
    String bucket = S3Store.uniqueBucket("nosamples");

    Failure failure =
        demo(localWarehouse.toString(), "s3a://" + bucket + "/samples", server.s3aSettings(bucket));

    assertThat(failure.line())
        .startsWith(
            "autoops demo: Samples folder s3a://"
                + bucket
                + "/samples/loghub: bucket '"
                + bucket
                + "' at endpoint "
                + server.endpoint()
                + " does not exist: create the bucket, or fix --samples or the endpoint");
    assertThat(localWarehouse).isEmptyDirectory();
  }

  /** One failed run: its single stderr line, having checked exit code, bound and secrecy. */
  private record Failure(String line) {}

  private static Failure demo(String warehouse, String samples, Map<String, String> s3a) {
    List<String> argv = new ArrayList<>(List.of("demo", "--warehouse", warehouse));
    argv.addAll(List.of("--samples", samples));
    argv.addAll(S3Store.cliConf(s3a));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    TestSpark.session();
    long started = System.nanoTime();

    int code =
        AutoopsMain.run(
            argv,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    String stderr = err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(stderr).isEqualTo(1);
    assertThat(took).as("time to fail").isLessThan(BOUND);
    assertThat(stderr.lines().toList()).as("stderr").hasSize(1);
    assertThat(stderr).doesNotContain(server.secretKey());
    assertThat(out.toString(StandardCharsets.UTF_8)).as("no stage ran").isEmpty();
    return new Failure(stderr.strip());
  }

  private static String samples() {
    return TestSpark.projectDir().resolve("samples").toString();
  }

  /** A loopback port that nothing listens on (bound, then released). */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
