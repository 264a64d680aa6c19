package io.autoops.templates;

import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.autoops.TestSpark;
import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.pipelines.templates.TemplatesJob;
import io.autoops.transforms.Columns;
import io.autoops.transforms.templates.TemplateMining;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplatesJobTest {
  @TempDir static Path warehouse;

  private static AutoopsConf conf;
  private final SparkSession spark = TestSpark.session();

  /** silver/events holding the HDFS and OpenSSH samples, mined as ingest would mine them. */
  @BeforeAll
  static void writeEvents() {
    Dataset<Row> events =
        ingested("HDFS", "loghub/HDFS/HDFS_2k.log")
            .unionByName(ingested("OpenSSH", "loghub/OpenSSH/OpenSSH_2k.log"));
    TemplateMining.assign(
            events, TemplateMining.noTemplates(TestSpark.session()), LoghubStructured.SETTINGS)
        .write()
        .format("delta")
        .save(warehouse.resolve("silver/events").toString());
    conf = AutoopsConf.of(Map.of(AutoopsConf.WAREHOUSE.key(), warehouse.toString()));
  }

  private static Dataset<Row> ingested(String system, String log) {
    return LoghubStructured.events(system, LoghubStructured.original(system))
        .drop("EventId")
        .withColumn(Columns.SOURCE, lit(TestSpark.sample(log).toUri().toString()));
  }

  @Test
  void reportsTemplatesAndAccuracyOfOneSource() {
    StageReport report =
        TemplatesJob.run(spark, conf, "HDFS_2k.log", LoghubStructured.original("HDFS"));

    assertThat(report.stage()).isEqualTo("templates");
    assertThat(report.entity()).isEqualTo("HDFS_2k.log");
    assertThat(report.rowsIn()).isEqualTo(2000);
    assertThat(report.rowsOut()).isEqualTo(2000);
    assertThat(report.figures())
        .containsEntry(TemplatesJob.TEMPLATES, 14L)
        .containsEntry(TemplatesJob.TRUTH_EVENTS, 14L)
        .containsEntry(TemplatesJob.ACCURACY, 1.0)
        .containsEntry(TemplatesJob.UNMATCHED_EVENTS, 0L)
        .containsEntry(TemplatesJob.UNMATCHED_TRUTH, 0L);
  }

  @Test
  void scoresAgainstTheCorrectedGroundTruth() {
    StageReport report =
        TemplatesJob.run(spark, conf, "OpenSSH_2k.log", LoghubStructured.corrected("OpenSSH"));

    assertThat(report.figures())
        .containsEntry(TemplatesJob.TEMPLATES, 25L)
        .containsEntry(TemplatesJob.TRUTH_EVENTS, 26L);
    assertThat((Double) report.figures().get(TemplatesJob.ACCURACY)).isCloseTo(0.996, within(1e-9));
  }

  @Test
  void rejectsASourceWithoutEvents() {
    assertThatThrownBy(
            () -> TemplatesJob.run(spark, conf, "BGL_2k.log", LoghubStructured.original("BGL")))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "No events of source 'BGL_2k.log' in "
                + conf.table("silver/events")
                + ": ingest that file first, or pass the source as ingest recorded it (the full"
                + " path or the file name).");
  }

  @Test
  void rejectsAMissingEventsTable(@TempDir Path empty) {
    AutoopsConf elsewhere = AutoopsConf.of(Map.of(AutoopsConf.WAREHOUSE.key(), empty.toString()));

    assertThatThrownBy(
            () ->
                TemplatesJob.run(
                    spark, elsewhere, "HDFS_2k.log", LoghubStructured.original("HDFS")))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "No Delta table silver/events at "
                + empty
                + "/silver/events: run ingest first, or set spark.autoops.warehouse to the"
                + " warehouse that holds it.");
  }

  @Test
  void rejectsAMissingTruthFile(@TempDir Path dir) {
    String missing = dir.resolve("nope.csv").toString();

    assertThatThrownBy(() -> TemplatesJob.run(spark, conf, "HDFS_2k.log", missing))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "Ground truth " + missing + " does not exist: pass the path of a structured CSV.");
  }

  @Test
  void rejectsATruthFileWithoutEventIds(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("raw.csv");
    Files.writeString(csv, "LineId,Content\n1,PacketResponder 1 for block blk_1 terminating\n");

    assertThatThrownBy(() -> TemplatesJob.run(spark, conf, "HDFS_2k.log", csv.toString()))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "Ground truth "
                + csv
                + " has no column EventId (columns: LineId, Content): pass a loghub structured CSV"
                + " such as HDFS_2k.log_structured.csv.");
  }
}
