package io.autoops.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoops.TestSpark;
import io.autoops.pipelines.Tables;
import io.autoops.pipelines.cli.AutoopsMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code autoops demo} must produce from the shipped samples, wherever the warehouse and the
 * samples are (a local folder, an S3 bucket): the stage lines and the exact row count of every
 * table. The one place these figures live, shared by {@link DemoTest} and the S3 demo tests.
 */
public final class DemoExpectations {
  /** Raw lines in the six ingested files; every one becomes an event, none is quarantined. */
  public static final long LINES = 14_519L;

  private DemoExpectations() {}

  /**
   * Runs {@code autoops demo} through the CLI entry point and returns its stdout; asserts exit code
   * 0 (the failure shows stderr).
   */
  public static String runDemo(String warehouse, String samples, List<String> extraArgs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    TestSpark.session();
    List<String> argv = new ArrayList<>(List.of("demo", "--warehouse", warehouse));
    argv.addAll(List.of("--samples", samples));
    argv.addAll(extraArgs);
    int code =
        AutoopsMain.run(
            argv,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Asserts the six stage lines of a first run into an empty warehouse. */
  public static void assertFirstRunLines(String output) {
    List<String> lines = output.lines().toList();
    assertThat(lines)
        .extracting(line -> line.split("\\s+")[0])
        .containsExactly("ingest", "templates", "features", "train", "score", "act");
    assertThat(lines.get(0))
        .contains("in=14519 out=14519 files=6 quarantined=0 labels=110 templates_total=288");
    assertThat(lines.get(1))
        .contains("in=10000 out=10000")
        .contains("accuracy_hdfs=1.000")
        .contains("accuracy_bgl=0.988")
        .contains("accuracy_openssh=0.995")
        .contains("accuracy_linux=0.809")
        .contains("accuracy_apache=1.000");
    assertThat(lines.get(2)).contains("in=14519 out=4392");
    assertThat(lines.get(3))
        .contains("out=7")
        .contains("registered=apache-kmeans:v1,bgl-gbt:v1,bgl-kmeans:v1,hdfs-gbt:v1,");
    assertThat(lines.get(4)).contains("out=4318").contains("decisions_total=4318");
  }

  /**
   * Asserts the row count of every table after a first run, and the relations between decisions and
   * the ledger; returns the counts by table.
   */
  public static Map<String, Long> assertFirstRunTables(String warehouse) {
    Map<String, Long> counts = tableCounts(warehouse);
    assertThat(counts)
        .containsEntry(Tables.RAW_LINES, LINES)
        .containsEntry(Tables.EVENTS, LINES)
        .containsEntry(Tables.QUARANTINE, 0L)
        .containsEntry(Tables.TEMPLATES, 288L)
        .containsEntry(Tables.LABELS, 110L)
        .containsEntry(Tables.FEATURES, 4392L)
        .containsEntry(Tables.MODEL_METRICS, 7L)
        .containsEntry(Tables.DECISIONS, 4318L)
        .containsEntry(Tables.ACTIONS, 124L);
    assertThat(count(warehouse, Tables.DECISIONS, "anomalous AND score < 0.5", "count(*)"))
        .as("a flagged window scores at least 0.5, whichever model flagged it")
        .isZero();
    assertThat(count(warehouse, Tables.DECISIONS, "NOT anomalous AND score > 0.5", "count(*)"))
        .isZero();
    long anomalous = count(warehouse, Tables.DECISIONS, "anomalous", "count(*)");
    assertThat(counts.get(Tables.ACTIONS))
        .as("the shipped policy (min score 0.5) takes every anomalous decision into the ledger")
        .isEqualTo(anomalous);
    assertThat(count(warehouse, Tables.TEMPLATES, "true", "sum(`count`)"))
        .as("every event counted in exactly one template")
        .isEqualTo(LINES);
    return counts;
  }

  /** Asserts the stage lines of a second run over the same samples: nothing new anywhere. */
  public static void assertRerunLines(String output) {
    List<String> lines = output.lines().toList();
    assertThat(lines.get(0)).contains("in=14519 out=0");
    assertThat(lines.get(2)).contains("skipped=true");
    assertThat(lines.get(3)).contains("out=0 registered= unchanged=");
    assertThat(lines.get(4)).contains("out=0");
    assertThat(lines.get(5)).contains("in=0 out=0");
  }

  /** Row count of every table of {@link Tables#ALL} under {@code warehouse}. */
  public static Map<String, Long> tableCounts(String warehouse) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : Tables.ALL) {
      counts.put(table, count(warehouse, table, "true", "count(*)"));
    }
    return counts;
  }

  private static long count(String warehouse, String table, String where, String aggregate) {
    return TestSpark.session()
        .read()
        .format("delta")
        .load(warehouse + "/" + table)
        .where(where)
        .selectExpr("CAST(" + aggregate + " AS BIGINT)")
        .first()
        .getLong(0);
  }
}
