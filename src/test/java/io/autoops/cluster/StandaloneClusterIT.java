package io.autoops.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import io.autoops.TestSpark;
import io.autoops.pipelines.Tables;
import io.autoops.pipelines.cli.AutoopsMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * target/autoops.jar on a real Spark standalone cluster (Master and two Workers on 127.0.0.1),
 * submitted through scripts/autoops-submit: client mode runs ingest, features, train and score;
 * cluster deploy mode runs act with the built-in policy. Every table must have exactly the rows of
 * the same commands run locally in the test JVM. One client-mode and one cluster-mode submit carry
 * planted secrets, which must appear in no output, log, work folder or event log.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneClusterIT {
  private static final Logger LOG = LogManager.getLogger(StandaloneClusterIT.class);
  private static final Duration SUBMIT_TIMEOUT = Duration.ofMinutes(10);
  private static final String S3_SECRET = "PLANTED-S3A-SECRET-7f3c";
  private static final String WEBHOOK_TOKEN = "PLANTED-WEBHOOK-TOKEN-91ab";
  private static final String REDACTED = "*********(redacted)";

  /** Smaller models than the defaults, in both runs: row counts do not depend on them. */
  private static final List<String> MODEL_SETTINGS =
      List.of("spark.autoops.train.gbt.max-iter=5", "spark.autoops.train.gbt.max-depth=3");

  private static final List<String> TABLES =
      List.of(
          Tables.RAW_LINES,
          Tables.EVENTS,
          Tables.QUARANTINE,
          Tables.TEMPLATES,
          Tables.LABELS,
          Tables.FEATURES,
          Tables.MODEL_METRICS,
          Tables.DECISIONS,
          Tables.ACTIONS);

  @TempDir static Path root;

  private static StandaloneCluster cluster;
  private static Path sharedWarehouse;
  private static Path events;
  private static final Map<String, Long> LOCAL = new LinkedHashMap<>();
  private static final Map<String, Double> SECONDS = new LinkedHashMap<>();
  private static long t0;

  @BeforeAll
  static void startClusterAndRunLocally() throws Exception {
    t0 = System.nanoTime();
    Path sparkHome =
        Path.of(
            System.getProperty(
                "autoops.spark.home",
                TestSpark.projectDir().resolve("target/spark-home").toString()));
    cluster = StandaloneCluster.start(sparkHome, Files.createDirectories(root.resolve("cluster")));
    sharedWarehouse = root.resolve("cluster-warehouse");
    events = Files.createDirectories(root.resolve("spark-events"));

    // The local expectation, while the daemons start: the same commands in this JVM, in the shared
    // session (started first, so that the CLI does not start and stop one of its own).
    long t = System.nanoTime();
    TestSpark.session();
    Path localWarehouse = root.resolve("local-warehouse");
    for (List<String> command : chain()) {
      List<String> argv = new ArrayList<>(command);
      argv.addAll(List.of("--warehouse", localWarehouse.toString()));
      for (String setting : MODEL_SETTINGS) {
        argv.addAll(List.of("--conf", setting));
      }
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int code =
          AutoopsMain.run(
              argv,
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(code).as("local %s: %s", command.get(0), err).isZero();
    }
    for (String table : TABLES) {
      LOCAL.put(table, count(localWarehouse, table));
    }
    SECONDS.put("local chain", (System.nanoTime() - t) / 1e9);

    t = System.nanoTime();
    cluster.awaitAliveWorkers(Duration.ofMinutes(3));
    SECONDS.put("cluster up (after the local chain)", (System.nanoTime() - t) / 1e9);
  }

  @AfterAll
  static void stopClusterAndCheckNothingIsLeft() throws Exception {
    if (cluster == null) {
      return;
    }
    cluster.close();
    SECONDS.put("total", (System.nanoTime() - t0) / 1e9);
    LOG.info("StandaloneClusterIT seconds: {}", SECONDS);
    assertThat(cluster.running()).as("processes the test started").isEmpty();
    Process ps = new ProcessBuilder("ps", "-eo", "pid=,args=").redirectErrorStream(true).start();
    String table = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    ps.waitFor();
    assertThat(table.lines().filter(line -> line.contains(cluster.sparkHome().toString())))
        .as("no Spark JVM of the test's SPARK_HOME is left")
        .isEmpty();
  }

  @Test
  @Order(1)
  void clientModeRunsIngestToScoreWithTheLocalRowCounts() throws Exception {
    List<List<String>> chain = chain();
    for (int i = 0; i < chain.size() - 1; i++) {
      List<String> command = chain.get(i);
      boolean planted = command.get(0).equals("score");
      StandaloneCluster.Run run = submit("client", command, planted);
      SECONDS.put("client " + command.get(0), run.seconds());
      assertThat(run.exitCode()).as("client %s: %s", command.get(0), run.stderr()).isZero();
      assertThat(run.stdout()).as("its report line").startsWith(command.get(0) + " ");
    }
    assertThat(LOCAL)
        .as("the local run of the same inputs")
        .containsEntry(Tables.EVENTS, 6519L)
        .containsEntry(Tables.QUARANTINE, 0L)
        .containsEntry(Tables.LABELS, 110L);
    for (String table : TABLES.subList(0, TABLES.size() - 1)) {
      assertThat(count(sharedWarehouse, table)).as(table).isEqualTo(LOCAL.get(table));
    }
  }

  @Test
  @Order(2)
  void clusterModeActsWithTheBuiltInPolicyLikeTheLocalRun() throws Exception {
    StandaloneCluster.Run run = submit("cluster", List.of("act"), true);
    SECONDS.put("cluster act", run.seconds());

    assertThat(run.exitCode()).as("cluster act: %s", run.stderr()).isZero();
    assertThat(run.stderr()).contains("is FINISHED, exiting spark-submit JVM");
    assertThat(driverOutputs("stdout"))
        .as("the driver's report line, in the Worker's work folder")
        .anySatisfy(out -> assertThat(out).startsWith("act "));
    assertThat(LOCAL.get(Tables.ACTIONS)).as("the built-in policy acts locally").isPositive();
    assertThat(count(sharedWarehouse, Tables.ACTIONS)).isEqualTo(LOCAL.get(Tables.ACTIONS));
  }

  @Test
  @Order(3)
  void clusterModeDriverFailureExitsWithOneAndShowsTheErrorInTheDriverLog() throws Exception {
    StandaloneCluster.Run run =
        cluster.run(
            submitCommand("cluster", List.of("act", "--conf", "spark.autoops.no-such-key=1")),
            Map.of(),
            SUBMIT_TIMEOUT,
            "cluster-failing");
    SECONDS.put("cluster failing driver", run.seconds());

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(1);
    assertThat(run.stderr())
        .contains("is FAILED, exiting spark-submit JVM")
        .containsPattern("autoops-submit: the driver driver-\\S+ ended FAILED on the cluster");
    assertThat(driverOutputs("stderr"))
        .anySatisfy(
            err ->
                assertThat(err)
                    .contains(
                        "autoops act: Unknown configuration key spark.autoops.no-such-key: check"
                            + " its spelling"));
  }

  @Test
  @Order(4)
  void plantedSecretsAppearNowhereAndTheEventLogShowsTheirKeysRedacted() throws Exception {
    List<Path> searched = new ArrayList<>();
    for (Path dir : List.of(cluster.logs(), cluster.workDirs().get(0), cluster.workDirs().get(1))) {
      searched.addAll(files(dir));
    }
    List<Path> eventLogs = files(events);
    searched.addAll(eventLogs);
    assertThat(searched)
        .as("submit output, Master and Worker logs, drivers' and executors' output")
        .anyMatch(p -> p.getFileName().toString().equals("stderr"))
        .anyMatch(p -> p.getFileName().toString().startsWith("master"));
    for (Path file : searched) {
      String text = read(file);
      assertThat(text).as(file.toString()).doesNotContain(S3_SECRET).doesNotContain(WEBHOOK_TOKEN);
    }

    List<Path> eventFiles =
        eventLogs.stream().filter(p -> p.getFileName().toString().startsWith("events_")).toList();
    assertThat(eventFiles).as("event logs of the client score and the cluster act").hasSize(2);
    for (Path file : eventFiles) {
      assertThat(read(file))
          .as(file.toString())
          .contains("\"spark.hadoop.fs.s3a.secret.key\":\"" + REDACTED + "\"")
          .contains("\"spark.autoops.act.webhook.token\":\"" + REDACTED + "\"")
          .contains("\"fs.s3a.secret.key\":\"" + REDACTED + "\"");
    }
  }

  /** The commands both runs execute, in order (the cluster runs the last one in cluster mode). */
  private static List<List<String>> chain() {
    Path hdfs5k = TestSpark.sample("logai_hdfs_5k");
    return List.of(
        List.of(
            "ingest",
            "--format",
            "hdfs",
            "--labels",
            hdfs5k.resolve("HDFS_5k_preprocessed_logrecord.csv").toString(),
            hdfs5k.resolve("HDFS_5k.log").toString(),
            TestSpark.sample("loghub/HDFS/HDFS_2k.log").toString()),
        List.of("features"),
        List.of("train"),
        List.of("score"),
        List.of("act"));
  }

  private static StandaloneCluster.Run submit(String mode, List<String> command, boolean planted)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(command);
    if (planted) {
      args.addAll(
          List.of(
              "--conf",
              "spark.hadoop.fs.s3a.secret.key=" + S3_SECRET,
              "--conf",
              "spark.autoops.act.webhook.token=" + WEBHOOK_TOKEN,
              "--conf",
              "spark.eventLog.enabled=true",
              "--conf",
              "spark.eventLog.dir=" + events.toUri()));
    }
    return cluster.run(
        submitCommand(mode, args), Map.of(), SUBMIT_TIMEOUT, mode + "-" + command.get(0));
  }

  /** scripts/autoops-submit against the cluster, every setting the local run has. */
  private static List<String> submitCommand(String mode, List<String> command) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                TestSpark.projectDir().resolve("scripts/autoops-submit").toString(),
                "--master",
                cluster.masterUrl(),
                "--deploy-mode",
                mode,
                "--conf",
                "spark.autoops.warehouse=" + sharedWarehouse,
                "--conf",
                "spark.sql.shuffle.partitions=2",
                "--conf",
                "spark.default.parallelism=2",
                "--conf",
                "spark.databricks.delta.snapshotPartitions=2",
                "--conf",
                "spark.executor.memory=1g",
                "--conf",
                "spark.driver.memory=1g",
                "--conf",
                "spark.ui.enabled=false"));
    for (String setting : MODEL_SETTINGS) {
      argv.addAll(List.of("--conf", setting));
    }
    argv.addAll(command);
    return argv;
  }

  /** The given output file of every cluster-mode driver, from the Workers' work folders. */
  private static List<String> driverOutputs(String name) throws IOException {
    List<String> outputs = new ArrayList<>();
    for (Path work : cluster.workDirs()) {
      for (Path file : files(work)) {
        if (file.getFileName().toString().equals(name)
            && file.getParent().getFileName().toString().startsWith("driver-")) {
          outputs.add(read(file));
        }
      }
    }
    return outputs;
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> !p.getFileName().toString().endsWith(".jar"))
          .toList();
    }
  }

  /** A file's text; event logs compressed with zstd (Spark's default codec) are decompressed. */
  private static String read(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file);
        InputStream in =
            file.getFileName().toString().endsWith(".zstd") ? new ZstdInputStream(raw) : raw) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static long count(Path warehouse, String table) {
    return TestSpark.session()
        .read()
        .format("delta")
        .load(warehouse.resolve(table).toString())
        .count();
  }
}
