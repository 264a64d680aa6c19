package io.autoops.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoops.TestSpark;
import io.autoops.pipelines.Tables;
import io.autoops.pipelines.cli.AutoopsMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, end to end through the CLI on the shipped samples: all six stages,
 * one line each, the right counts, and a second run that changes no table.
 */
class DemoTest {
  @TempDir Path warehouse;

  @Test
  void demoRunsEveryStageOnTheSamplesAndRerunsChangeNothing() {
    String first = demo();

    List<String> lines = first.lines().toList();
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

    Map<String, Long> counts = tableCounts();
    assertThat(counts)
        .containsEntry(Tables.RAW_LINES, 14519L)
        .containsEntry(Tables.EVENTS, 14519L)
        .containsEntry(Tables.QUARANTINE, 0L)
        .containsEntry(Tables.TEMPLATES, 288L)
        .containsEntry(Tables.LABELS, 110L)
        .containsEntry(Tables.FEATURES, 4392L)
        .containsEntry(Tables.MODEL_METRICS, 7L)
        .containsEntry(Tables.DECISIONS, 4318L);
    assertThat(count(Tables.DECISIONS, "anomalous AND score < 0.5"))
        .as("a flagged window scores at least 0.5, whichever model flagged it")
        .isZero();
    assertThat(count(Tables.DECISIONS, "NOT anomalous AND score > 0.5")).isZero();
    long anomalous = count(Tables.DECISIONS, "anomalous");
    assertThat(anomalous).isPositive();
    assertThat(counts.get(Tables.ACTIONS))
        .as("the shipped policy (min score 0.5) takes every anomalous decision into the ledger")
        .isEqualTo(anomalous);
    assertThat(count(Tables.TEMPLATES, "true", "sum(`count`)"))
        .as("every event counted in exactly one template")
        .isEqualTo(14519L);

    String second = demo();

    assertThat(tableCounts()).isEqualTo(counts);
    assertThat(second.lines().toList().get(0)).contains("in=14519 out=0");
    assertThat(second.lines().toList().get(2)).contains("skipped=true");
    assertThat(second.lines().toList().get(3)).contains("out=0 registered= unchanged=");
    assertThat(second.lines().toList().get(4)).contains("out=0");
    assertThat(second.lines().toList().get(5)).contains("in=0 out=0");
  }

  private String demo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    TestSpark.session();
    int code =
        AutoopsMain.run(
            List.of(
                "demo",
                "--warehouse",
                warehouse.toString(),
                "--samples",
                TestSpark.projectDir().resolve("samples").toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    return out.toString(StandardCharsets.UTF_8);
  }

  private Map<String, Long> tableCounts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : Tables.ALL) {
      counts.put(table, count(table, "true"));
    }
    return counts;
  }

  private long count(String table, String where) {
    return count(table, where, "count(*)");
  }

  private long count(String table, String where, String aggregate) {
    SparkSession spark = TestSpark.session();
    return spark
        .read()
        .format("delta")
        .load(warehouse.resolve(table).toString())
        .where(where)
        .selectExpr("CAST(" + aggregate + " AS BIGINT)")
        .first()
        .getLong(0);
  }
}
