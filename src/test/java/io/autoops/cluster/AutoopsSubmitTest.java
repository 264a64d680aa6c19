package io.autoops.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoops.TestSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/autoops-submit against a stand-in spark-submit that records its arguments (and, for
 * cluster mode, prints the driver state line of Spark's submit client): what the wrapper passes,
 * where {@code --conf} pairs go, and its exit codes. No Spark runs.
 */
class AutoopsSubmitTest {
  private static final String STATE_LINE =
      "26/01/01 00:00:00 INFO ClientEndpoint: State of driver driver-20260101000000-0000 is %s,"
          + " exiting spark-submit JVM.";

  @TempDir Path dir;
  private Path sparkHome;
  private Path jar;
  private Path recorded;

  @BeforeEach
  void fakeSpark() throws IOException {
    sparkHome = dir.resolve("spark");
    Path bin = Files.createDirectories(sparkHome.resolve("bin"));
    recorded = dir.resolve("args.txt");
    Path fake = bin.resolve("spark-submit");
    Files.writeString(
        fake,
        """
        #!/usr/bin/env bash
        printf '%s\\n' "$@" > "$RECORD"
        echo "log4j: $SPARK_SUBMIT_OPTS" > "$RECORD.env"
        if [[ -n "${DRIVER_STATE:-}" ]]; then printf '%s\\n' "$DRIVER_STATE" >&2; fi
        exit "${FAKE_EXIT:-0}"
        """);
    Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
    jar = Files.writeString(dir.resolve("autoops.jar"), "not a real jar");
  }

  @Test
  void clientModePassesClassPropertiesDriverFlagsAndEveryConfToSparkSubmit() throws Exception {
    Result r =
        submit(
            Map.of(),
            "--master",
            "spark://127.0.0.1:7077",
            "--conf",
            "spark.executor.memory=2g",
            "ingest",
            "--format",
            "hdfs",
            "--conf",
            "spark.autoops.act.webhook.token=T",
            "--warehouse",
            "/w",
            "/logs/a.log");

    assertThat(r.code).as(r.stderr).isZero();
    List<String> args = Files.readAllLines(recorded);
    assertThat(args.subList(0, 6))
        .containsExactly(
            "--class",
            "io.autoops.pipelines.cli.AutoopsMain",
            "--properties-file",
            TestSpark.projectDir().resolve("conf/cluster.conf").toString(),
            "--master",
            "spark://127.0.0.1:7077");
    assertThat(args.get(6)).isEqualTo("--conf");
    assertThat(args.get(7))
        .startsWith("spark.driver.defaultJavaOptions=-XX:+IgnoreUnrecognizedVMOptions")
        .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
        .endsWith("--enable-native-access=ALL-UNNAMED");
    assertThat(args.subList(8, args.size()))
        .as("--conf pairs from before and after the command go to spark-submit, then the jar")
        .containsExactly(
            "--conf",
            "spark.executor.memory=2g",
            "--conf",
            "spark.autoops.act.webhook.token=T",
            jar.toString(),
            "ingest",
            "--format",
            "hdfs",
            "--warehouse",
            "/w",
            "/logs/a.log");
  }

  @Test
  void keepsTheUsersDriverJavaOptionsAfterTheModuleFlags() throws Exception {
    Result r =
        submit(
            Map.of(),
            "--conf",
            "spark.driver.defaultJavaOptions=-XX:+UseG1GC",
            "--properties-file",
            TestSpark.projectDir().resolve("conf/cluster.conf").toString(),
            "train");

    assertThat(r.code).as(r.stderr).isZero();
    assertThat(Files.readAllLines(recorded))
        .filteredOn(a -> a.startsWith("spark.driver.defaultJavaOptions="))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a)
                    .contains("--add-opens=java.base/java.nio=ALL-UNNAMED")
                    .endsWith("--enable-native-access=ALL-UNNAMED -XX:+UseG1GC"));
  }

  @Test
  void clusterModeTurnsAFailedDriverIntoExitCodeOne() throws Exception {
    Result r =
        submit(
            Map.of("DRIVER_STATE", String.format(STATE_LINE, "FAILED")),
            "--deploy-mode",
            "cluster",
            "act");

    assertThat(r.code).isEqualTo(1);
    assertThat(r.stderr)
        .contains(
            "autoops-submit: the driver driver-20260101000000-0000 ended FAILED on the cluster:"
                + " its stderr (the autoops error line) is in the Master web UI under the driver,"
                + " or in the worker's work/driver-20260101000000-0000/stderr.");
    assertThat(Files.readString(dir.resolve("args.txt.env")))
        .as("the submit client logs the driver state at INFO")
        .contains("-Dlog4j2.configurationFile=");
  }

  @Test
  void clusterModeExitsZeroForAFinishedDriverAndPassesOnSparkSubmitsOwnFailure() throws Exception {
    Result ok =
        submit(
            Map.of("DRIVER_STATE", String.format(STATE_LINE, "FINISHED")),
            "--deploy-mode=cluster",
            "act");
    Result failed = submit(Map.of("FAKE_EXIT", "3"), "--deploy-mode", "cluster", "act");

    assertThat(ok.code).as(ok.stderr).isZero();
    assertThat(failed.code).isEqualTo(3);
  }

  @Test
  void passesSparkSubmitFlagsThatTakeNoValueWithoutSwallowingTheCommand() throws Exception {
    Result r = submit(Map.of(), "--load-spark-defaults", "--verbose", "pending");

    assertThat(r.code).as(r.stderr).isZero();
    List<String> args = Files.readAllLines(recorded);
    assertThat(args).contains("--load-spark-defaults", "--verbose");
    assertThat(args.subList(args.size() - 2, args.size()))
        .containsExactly(jar.toString(), "pending");
  }

  @Test
  void helpWordsInsideAnArgumentAreSubmittedAndConfAfterTheCommandMayBeShort() throws Exception {
    Result r =
        submit(Map.of(), "sql", "SELECT a -h FROM t --help x", "-c", "spark.autoops.train.seed=7");

    assertThat(r.code).as(r.stderr).isZero();
    List<String> args = Files.readAllLines(recorded);
    assertThat(args).containsSubsequence("--conf", "spark.autoops.train.seed=7", jar.toString());
    assertThat(args.subList(args.size() - 2, args.size()))
        .containsExactly("sql", "SELECT a -h FROM t --help x");
  }

  @Test
  void rejectsAMissingSparkHomeNamingTheFix() throws Exception {
    Result r = run(Map.of("SPARK_HOME", ""), List.of("ingest", "x"));

    assertThat(r.code).isEqualTo(1);
    assertThat(r.stderr)
        .isEqualTo(
            "autoops-submit: SPARK_HOME is not set; it must name a Spark 4.1 installation (Scala"
                + " 2.13).\n"
                + "Fix: export SPARK_HOME=/path/to/spark-4.1.0-bin-hadoop3 (from"
                + " https://spark.apache.org/downloads.html), or run locally with scripts/autoops.\n");
  }

  @Test
  void rejectsItsOwnMainClassAndABadDeployMode() throws Exception {
    Result cls = submit(Map.of(), "--class", "x.Y", "ingest");
    Result mode = submit(Map.of(), "--deploy-mode", "local", "ingest");

    assertThat(cls.code).isEqualTo(2);
    assertThat(cls.stderr)
        .isEqualTo(
            "autoops-submit: the main class is always io.autoops.pipelines.cli.AutoopsMain; drop"
                + " --class.\n");
    assertThat(mode.code).isEqualTo(2);
    assertThat(mode.stderr)
        .isEqualTo("autoops-submit: --deploy-mode is client or cluster, got 'local'.\n");
  }

  private Result submit(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("SPARK_HOME", sparkHome.toString());
    return run(all, List.of(args));
  }

  private Result run(Map<String, String> env, List<String> args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(TestSpark.projectDir().resolve("scripts/autoops-submit").toString());
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(dir.resolve("out.txt").toFile())
            .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().put("RECORD", recorded.toString());
    builder.environment().put("AUTOOPS_JAR", jar.toString());
    builder.environment().remove("SPARK_SUBMIT_OPTS");
    env.forEach(
        (k, v) -> {
          if (v.isEmpty()) {
            builder.environment().remove(k);
          } else {
            builder.environment().put(k, v);
          }
        });
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the wrapper finished").isTrue();
    return new Result(
        process.exitValue(), Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  private record Result(int code, String stderr) {}
}
