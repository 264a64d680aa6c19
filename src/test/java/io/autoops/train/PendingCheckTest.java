package io.autoops.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoops.TestSpark;
import io.autoops.models.ModelCard;
import io.autoops.models.Models;
import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.Tables;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.pipelines.train.PendingCheck;
import io.autoops.pipelines.train.TrainJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each reason of {@link PendingCheck} on small Delta tables and hand-written model cards: the check
 * reads only versions, commit metadata and cards, so the tables' contents do not matter here (the
 * CLI test {@code PendingCommandTest} runs it after a real ingest, features build and training).
 */
class PendingCheckTest {
  @TempDir Path dir;

  @Test
  void followsCardToFeaturesCommitToEventsVersion() {
    SparkSession spark = TestSpark.session();
    AutoopsConf conf = AutoopsConf.of(Map.of(AutoopsConf.WAREHOUSE.key(), dir.toString()));
    write(spark, conf.table(Tables.EVENTS), 5, "overwrite", null);
    write(spark, conf.table(Tables.FEATURES), 2, "overwrite", marker(0, -1));
    register(spark, conf, 1, 0);

    assertReport(PendingCheck.run(spark, conf), false, "up-to-date", 0, 0, 0);

    write(spark, conf.table(Tables.FEATURES), 2, "overwrite", marker(0, -1));
    assertReport(PendingCheck.run(spark, conf), true, "features-rebuilt", 0, 0, 0);
    register(spark, conf, 2, 1);
    assertReport(PendingCheck.run(spark, conf), false, "up-to-date", 0, 0, 0);

    write(spark, conf.table(Tables.LABELS), 1, "overwrite", null);
    assertReport(PendingCheck.run(spark, conf), true, "new-labels", 0, 0, 0);
    write(spark, conf.table(Tables.FEATURES), 2, "overwrite", marker(0, 0));
    register(spark, conf, 3, 2);
    assertReport(PendingCheck.run(spark, conf), false, "up-to-date", 0, 0, 0);

    write(spark, conf.table(Tables.EVENTS), 3, "append", null);
    StageReport newEvents = PendingCheck.run(spark, conf);
    assertReport(newEvents, true, "new-events", 1, 0, 3);
    assertThat(newEvents.figures()).containsEntry("models", "hdfs-kmeans:v3");

    write(spark, conf.table(Tables.FEATURES), 2, "overwrite", null);
    register(spark, conf, 4, 3);
    assertReport(PendingCheck.run(spark, conf), true, "input-unknown", 1, -1, 8);
  }

  private static void assertReport(
      StageReport report,
      boolean pending,
      String reason,
      long eventsVersion,
      long trainedEventsVersion,
      long newEvents) {
    assertThat(PendingCheck.isPending(report)).as(report.toLine()).isEqualTo(pending);
    assertThat(report.figures())
        .as(report.toLine())
        .containsEntry("reason", reason)
        .containsEntry("events_version", eventsVersion)
        .containsEntry("trained_events_version", trainedEventsVersion);
    assertThat(report.rowsOut()).as(report.toLine()).isEqualTo(newEvents);
  }

  private static String marker(long events, long labels) {
    return Tables.EVENTS
        + "@v"
        + events
        + ","
        + Tables.LABELS
        + "@v"
        + labels
        + ",window=1 hour,session-gap=30 minutes,session-formats=hdfs";
  }

  private static void write(SparkSession spark, String path, long rows, String mode, String meta) {
    var writer = spark.range(rows).write().format("delta").mode(mode);
    if (meta != null) {
      writer = writer.option("userMetadata", meta);
    }
    writer.save(path);
  }

  private static void register(
      SparkSession spark, AutoopsConf conf, int version, long featuresVersion) {
    TrainJob.registry(spark, conf)
        .writeCard(
            new ModelCard(
                "hdfs-kmeans",
                version,
                "hdfs",
                Models.KMEANS,
                "2026-01-01T00:00:00Z",
                conf.table(Tables.FEATURES),
                featuresVersion,
                List.of("event_count"),
                Map.of("k", 4),
                42L,
                Map.of(),
                1.0,
                10,
                5));
  }
}
