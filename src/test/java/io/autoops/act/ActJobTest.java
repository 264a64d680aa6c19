package io.autoops.act;

import static io.autoops.act.Decisions.anomalous;
import static io.autoops.act.Decisions.normal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoops.TestSpark;
import io.autoops.act.Decisions.Decision;
import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.act.ActJob;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.transforms.Columns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActJobTest {
  private static final String SECRET = "planted-secret-8d1c";
  private static final String WEBHOOK_POLICY =
      "{\"rules\": [{\"action\": \"page\", \"executor\": \"webhook\", \"min_score\": 0.5}]}";

  @TempDir Path dir;
  private final SparkSession spark = TestSpark.session();
  private WebhookServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private String decisions() {
    return dir.resolve("warehouse/ops/decisions").toString();
  }

  private AutoopsConf conf(String policy, String... settings) throws IOException {
    Path file = dir.resolve("policy.json");
    Files.writeString(file, policy);
    Map<String, String> values = new HashMap<>();
    values.put(AutoopsConf.WAREHOUSE.key(), dir.resolve("warehouse").toString());
    values.put(AutoopsConf.ACT_POLICY.key(), file.toString());
    values.put(AutoopsConf.ACT_WEBHOOK_BACKOFF_MS.key(), "50");
    if (server != null) {
      values.put(AutoopsConf.ACT_WEBHOOK_URL.key(), server.url() + "/hook");
    }
    for (int i = 0; i < settings.length; i += 2) {
      values.put(settings[i], settings[i + 1]);
    }
    return AutoopsConf.of(values);
  }

  /** Ledger rows by decision id, as {@code status/attempts/detail}. */
  private Map<String, String> ledger() {
    return spark
        .read()
        .format("delta")
        .load(dir.resolve("warehouse/ops/actions").toString())
        .collectAsList()
        .stream()
        .collect(
            Collectors.toMap(
                row -> row.getAs(Columns.DECISION_ID),
                row ->
                    row.getAs(Columns.STATUS)
                        + "/"
                        + row.getAs(Columns.ATTEMPTS)
                        + "/"
                        + row.getAs(Columns.DETAIL)));
  }

  private static Map<String, Object> counts(StageReport report) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("read", report.rowsIn());
    all.put("out", report.rowsOut());
    all.putAll(report.figures());
    return all;
  }

  private static Map<String, Object> counts(
      long read, long eligible, long acted, long succeeded, long failed, long skipped) {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("read", read);
    all.put("out", acted + skipped);
    all.put("eligible", eligible);
    all.put("acted", acted);
    all.put("succeeded", succeeded);
    all.put("failed", failed);
    all.put("skipped", skipped);
    return all;
  }

  @Test
  void postsEachAnomalousDecisionOnceWithItsJson() throws IOException {
    server = new WebhookServer();
    Decisions.append(
        spark,
        decisions(),
        anomalous("d1", "blk_1", "2024-03-01T10:00:00Z", 0.9),
        anomalous("d2", "blk_2", "2024-03-01T10:00:00Z", 0.8),
        new Decision("d3", "Linux", "host", "node-7", null, "2024-03-01T10:00:00Z", 0.7, true),
        normal("n1", "blk_3", "2024-03-01T10:00:00Z", 0.3),
        anomalous("low", "blk_4", "2024-03-01T10:00:00Z", 0.4));

    StageReport report = ActJob.run(spark, conf(WEBHOOK_POLICY));

    assertThat(counts(report)).isEqualTo(counts(5, 3, 3, 3, 0, 0));
    assertThat(server.idempotencyKeys()).containsExactlyInAnyOrder("d1", "d2", "d3");
    assertThat(server.paths()).containsOnly("/hook");
    String d3 =
        server.requests().stream()
            .filter(r -> r.idempotencyKey().equals("d3"))
            .findFirst()
            .orElseThrow()
            .body();
    JsonNode body = new ObjectMapper().readTree(d3);
    Map<String, Object> fields = new LinkedHashMap<>();
    body.fields()
        .forEachRemaining(
            f -> fields.put(f.getKey(), f.getValue().isNull() ? null : f.getValue().asText()));
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("decision_id", "d3");
    expected.put("format", "Linux");
    expected.put("entity_kind", "host");
    expected.put("entity", "node-7");
    expected.put("component", null);
    expected.put("window_start", "2024-03-01T09:00:00.000Z");
    expected.put("window_end", "2024-03-01T10:00:00.000Z");
    expected.put("gbt_probability", "0.7");
    expected.put("kmeans_distance", "2.5");
    expected.put("score", "0.7");
    expected.put("anomalous", "true");
    expected.put("action", "alert");
    expected.put("model_versions", "gbt=v1,kmeans=v1");
    expected.put("reason", "score above threshold");
    expected.put("created_at", "2024-03-01T10:01:00.000Z");
    expected.put("policy_action", "page");
    assertThat(fields).containsExactlyEntriesOf(expected);

    String done = "succeeded/1/HTTP 200 from " + server.url() + " after 1 attempt";
    assertThat(ledger()).isEqualTo(Map.of("d1", done, "d2", done, "d3", done));
  }

  @Test
  void runningAgainPostsOnlyNewDecisions() throws IOException {
    server = new WebhookServer();
    Decisions.append(
        spark,
        decisions(),
        anomalous("d1", "blk_1", "2024-03-01T10:00:00Z", 0.9),
        anomalous("d2", "blk_2", "2024-03-01T10:00:00Z", 0.9));
    AutoopsConf conf = conf(WEBHOOK_POLICY);

    StageReport first = ActJob.run(spark, conf);
    Decisions.append(spark, decisions(), normal("n0", "blk_1", "2024-03-01T10:30:00Z", 0.2));
    StageReport again = ActJob.run(spark, conf);
    Decisions.append(
        spark,
        decisions(),
        anomalous("d3", "blk_1", "2024-03-01T11:00:00Z", 0.9),
        normal("n1", "blk_1", "2024-03-01T11:00:00Z", 0.1),
        anomalous("d4", "blk_5", "2024-03-01T11:00:00Z", 0.6));
    StageReport third = ActJob.run(spark, conf);

    assertThat(counts(first)).isEqualTo(counts(2, 2, 2, 2, 0, 0));
    assertThat(counts(again)).isEqualTo(counts(1, 0, 0, 0, 0, 0));
    assertThat(counts(third)).isEqualTo(counts(3, 2, 2, 2, 0, 0));
    assertThat(server.idempotencyKeys())
        .hasSize(4)
        .containsExactlyInAnyOrder("d1", "d2", "d3", "d4");
    assertThat(ledger()).containsOnlyKeys("d1", "d2", "d3", "d4");
  }

  @Test
  void retriesServiceUnavailableThenSucceeds() throws IOException {
    server = new WebhookServer(503, 503);
    Decisions.append(spark, decisions(), anomalous("d1", "blk_1", "2024-03-01T10:00:00Z", 0.9));

    StageReport report = ActJob.run(spark, conf(WEBHOOK_POLICY));

    assertThat(counts(report)).isEqualTo(counts(1, 1, 1, 1, 0, 0));
    assertThat(server.idempotencyKeys()).containsExactly("d1", "d1", "d1");
    assertThat(ledger())
        .isEqualTo(Map.of("d1", "succeeded/3/HTTP 200 from " + server.url() + " after 3 attempts"));
  }

  @Test
  void failsAfterMaxAttemptsWhenTheServerNeverAnswers() throws IOException {
    server = new WebhookServer(WebhookServer.HANG, WebhookServer.HANG);
    Decisions.append(spark, decisions(), anomalous("d1", "blk_1", "2024-03-01T10:00:00Z", 0.9));
    AutoopsConf conf =
        conf(
            WEBHOOK_POLICY,
            AutoopsConf.ACT_WEBHOOK_TIMEOUT_MS.key(),
            "300",
            AutoopsConf.ACT_WEBHOOK_MAX_ATTEMPTS.key(),
            "2");

    StageReport report = ActJob.run(spark, conf);

    assertThat(counts(report)).isEqualTo(counts(1, 1, 1, 0, 1, 0));
    assertThat(server.idempotencyKeys()).containsExactly("d1", "d1");
    assertThat(ledger())
        .isEqualTo(
            Map.of(
                "d1",
                "failed/2/gave up after 2 attempts; last: no answer from "
                    + server.url()
                    + " within 300 ms (raise spark.autoops.act.webhook.max-attempts or timeout-ms,"
                    + " or check the receiver)"));
  }

  @Test
  void cooldownSkipsLaterDecisionsOfTheSameEntityAlsoAcrossRuns() throws IOException {
    AutoopsConf conf = conf("{\"rules\": [{\"action\": \"alert\", \"cooldown\": \"30 minutes\"}]}");
    Decisions.append(
        spark,
        decisions(),
        anomalous("a1", "blk_1", "2024-03-01T10:00:00Z", 0.9),
        anomalous("a2", "blk_1", "2024-03-01T10:20:00Z", 0.9),
        anomalous("a3", "blk_1", "2024-03-01T10:40:00Z", 0.9),
        anomalous("b1", "blk_2", "2024-03-01T10:10:00Z", 0.8));

    StageReport first;
    List<String> logged;
    try (CapturedLog log = CapturedLog.capture()) {
      first = ActJob.run(spark, conf);
      logged = log.lines().stream().filter(l -> l.contains("(dry run)")).sorted().toList();
    }
    Decisions.append(spark, decisions(), anomalous("a4", "blk_1", "2024-03-01T11:00:00Z", 0.9));
    StageReport second = ActJob.run(spark, conf);

    assertThat(counts(first)).isEqualTo(counts(4, 4, 3, 3, 0, 1));
    assertThat(counts(second)).isEqualTo(counts(1, 1, 0, 0, 0, 1));
    assertThat(logged)
        .containsExactly(
            "INFO io.autoops.pipelines.act.LogExecutor - act alert (dry run): block blk_1 score"
                + " 0.900 decision a1",
            "INFO io.autoops.pipelines.act.LogExecutor - act alert (dry run): block blk_1 score"
                + " 0.900 decision a3",
            "INFO io.autoops.pipelines.act.LogExecutor - act alert (dry run): block blk_2 score"
                + " 0.800 decision b1");
    String logDone = "succeeded/1/logged (dry run)";
    assertThat(ledger())
        .isEqualTo(
            Map.of(
                "a1", logDone,
                "a2",
                    "skipped-cooldown/0/skipped: decision a1 (window_end 2024-03-01T10:00:00Z) was"
                        + " acted on for the same entity and action within the cooldown of 1800 s",
                "a3", logDone,
                "b1", logDone,
                "a4",
                    "skipped-cooldown/0/skipped: decision a3 (window_end 2024-03-01T10:40:00Z) was"
                        + " acted on for the same entity and action within the cooldown of 1800 s"));
  }

  @Test
  void claimedDecisionLeftByACrashIsNeverPostedAgain() throws IOException {
    server = new WebhookServer();
    Decisions.append(
        spark,
        decisions(),
        anomalous("d1", "blk_1", "2024-03-01T10:00:00Z", 0.9),
        anomalous("d2", "blk_2", "2024-03-01T10:00:00Z", 0.9));
    String crashed = "claimed by run dead-run batch 0; outcome pending";
    StructType ledgerSchema =
        new StructType()
            .add(Columns.DECISION_ID, DataTypes.StringType, false)
            .add(Columns.ACTION, DataTypes.StringType, false)
            .add(Columns.EXECUTOR, DataTypes.StringType, false)
            .add(Columns.STATUS, DataTypes.StringType, false)
            .add(Columns.ATTEMPTS, DataTypes.IntegerType, false)
            .add(Columns.FINISHED_AT, DataTypes.TimestampType, true)
            .add(Columns.DETAIL, DataTypes.StringType, true);
    spark
        .createDataFrame(
            List.of(RowFactory.create("d1", "page", "webhook", "claimed", 0, null, crashed)),
            ledgerSchema)
        .write()
        .format("delta")
        .save(dir.resolve("warehouse/ops/actions").toString());

    StageReport report = ActJob.run(spark, conf(WEBHOOK_POLICY));

    assertThat(counts(report)).isEqualTo(counts(2, 1, 1, 1, 0, 0));
    assertThat(server.idempotencyKeys()).containsExactly("d2");
    assertThat(ledger())
        .isEqualTo(
            Map.of(
                "d1", "claimed/0/" + crashed,
                "d2", "succeeded/1/HTTP 200 from " + server.url() + " after 1 attempt"));
  }

  @Test
  void secretTokenReachesNoLogLineLedgerRowOrMessage() throws IOException {
    server = new WebhookServer().always(500);
    Decisions.append(
        spark,
        decisions(),
        anomalous("d1", "blk_1", "2024-03-01T10:00:00Z", 0.9),
        anomalous("d2", "blk_2", "2024-03-01T10:00:00Z", 0.9));
    String url = server.url() + "/hook/" + SECRET + "?token=" + SECRET;
    AutoopsConf conf =
        conf(
            WEBHOOK_POLICY,
            AutoopsConf.ACT_WEBHOOK_URL.key(),
            url,
            AutoopsConf.ACT_WEBHOOK_TOKEN.key(),
            SECRET,
            AutoopsConf.ACT_WEBHOOK_MAX_ATTEMPTS.key(),
            "2");

    StageReport report;
    List<String> lines;
    try (CapturedLog log = CapturedLog.capture()) {
      report = ActJob.run(spark, conf);
      lines = log.lines();
    }

    assertThat(counts(report)).isEqualTo(counts(2, 2, 2, 0, 2, 0));
    assertThat(server.paths()).hasSize(4).containsOnly("/hook/" + SECRET + "?token=" + SECRET);
    assertThat(server.authorizations()).containsOnly("Bearer " + SECRET);
    assertThat(lines).anyMatch(l -> l.contains("act ") && l.contains(server.url()));
    assertThat(lines).noneMatch(l -> l.contains(SECRET));
    String failed =
        "failed/2/gave up after 2 attempts; last: HTTP 500 from "
            + server.url()
            + " (raise spark.autoops.act.webhook.max-attempts or timeout-ms, or check the"
            + " receiver)";
    assertThat(ledger()).isEqualTo(Map.of("d1", failed, "d2", failed));
    List<Row> rows =
        spark
            .read()
            .format("delta")
            .load(dir.resolve("warehouse/ops/actions").toString())
            .collectAsList();
    assertThat(rows).noneMatch(row -> row.mkString("|").contains(SECRET));
    assertThat(report.toLine()).doesNotContain(SECRET);
    assertThat(conf.toString()).doesNotContain(SECRET).contains("<redacted>");
    assertThatThrownBy(() -> conf.with(AutoopsConf.ACT_WEBHOOK_URL, "ftp://x/?token=" + SECRET))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "Invalid configuration spark.autoops.act.webhook.url=<redacted>: expected empty or an"
                + " http(s):// URL.");
  }

  @Test
  void rejectsMissingDecisionsTable() throws IOException {
    AutoopsConf conf = conf("{\"rules\": [{\"action\": \"alert\"}]}");

    assertThatThrownBy(() -> ActJob.run(spark, conf))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "No decisions table at "
                + decisions()
                + ": run the score stage first, or check spark.autoops.warehouse.");
  }
}
