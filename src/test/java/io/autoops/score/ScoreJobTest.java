package io.autoops.score;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoops.SampleEvents;
import io.autoops.TestSpark;
import io.autoops.models.Decisions;
import io.autoops.models.ModelRegistry;
import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.Tables;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.pipelines.features.FeaturesJob;
import io.autoops.pipelines.score.DecisionSink;
import io.autoops.pipelines.score.ScoreJob;
import io.autoops.pipelines.train.TrainJob;
import io.autoops.transforms.Columns;
import io.autoops.transforms.features.FeatureSpec;
import io.autoops.transforms.features.Features;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scores the HDFS 5k and BGL 2k samples with models trained once for the class (GBT with 5 trees to
 * keep it quick). With the default watermark (10 minutes), an available-now run decides the 201
 * HDFS sessions and 1,880 BGL hours that closed before the last event.
 */
class ScoreJobTest {
  private static final long HDFS_CLOSED = 201;
  private static final long BGL_CLOSED = 1880;

  @TempDir static Path trained;
  @TempDir Path dir;

  @BeforeAll
  static void trainModels() {
    SparkSession spark = TestSpark.session();
    SampleEvents.writeSilver(spark, trained.toString());
    AutoopsConf conf = conf(trained);
    FeaturesJob.run(spark, conf);
    TrainJob.run(spark, conf);
  }

  @Test
  void decidesEveryClosedWindowOnceAndARerunAddsNothing() {
    SparkSession spark = TestSpark.session();
    AutoopsConf conf = conf(trained);

    StageReport first = ScoreJob.run(spark, conf);
    StageReport second = ScoreJob.run(spark, conf);

    Dataset<Row> decisions = spark.read().format("delta").load(conf.table(Tables.DECISIONS));
    assertThat(first.rowsIn()).isEqualTo(6519);
    assertThat(first.rowsOut()).isEqualTo(HDFS_CLOSED + BGL_CLOSED);
    assertThat(first.figures()).containsEntry("formats", "score-bgl,score-hdfs");
    assertThat(second.rowsIn()).isZero();
    assertThat(second.rowsOut()).isZero();
    assertThat(decisions.columns()).containsExactlyElementsOf(Decisions.columns());
    assertThat(decisions.count()).isEqualTo(HDFS_CLOSED + BGL_CLOSED);
    assertThat(decisions.select(Columns.DECISION_ID).distinct().count())
        .isEqualTo(HDFS_CLOSED + BGL_CLOSED);
    Dataset<Row> hdfs = decisions.filter(col(Columns.FORMAT).equalTo("hdfs"));
    assertThat(hdfs.count()).isEqualTo(HDFS_CLOSED);
    assertThat(hdfs.select(Columns.ENTITY_KIND, Columns.MODEL_VERSIONS).distinct().collectAsList())
        .extracting(Row::toString)
        .containsExactly("[block,hdfs-gbt:v1,hdfs-kmeans:v1]");
    assertThat(decisions.filter("anomalous <> (action = 'alert')").count()).isZero();
    assertThat(decisions.filter("format = 'hdfs' AND score < gbt_probability").count()).isZero();
    assertThat(decisions.filter("(anomalous AND score < 0.5) OR (NOT anomalous AND score > 0.5)"))
        .as("a flagged window scores at least 0.5, an unflagged one at most 0.5")
        .matches(rows -> rows.isEmpty());
    assertThat(decisions.filter("action = 'alert'").groupBy(Columns.FORMAT).count().collectAsList())
        .extracting(Row::toString)
        .containsExactlyInAnyOrder("[bgl,94]", "[hdfs,3]");
    Row alert = hdfs.filter(col(Columns.ENTITY).equalTo("blk_-9073992586687739851")).first();
    assertThat(alert.<Boolean>getAs(Columns.ANOMALOUS)).isTrue();
    assertThat(alert.<String>getAs(Columns.REASON))
        .isEqualTo("k-means distance 14.395 > threshold 10.002");
    assertThat(hdfs.filter("NOT anomalous").select(Columns.REASON).as(Encoders.STRING()).first())
        .matches(
            "normal; gbt probability 0\\.\\d{3} < 0\\.50; k-means distance \\d+\\.\\d{3} <= threshold"
                + " 10\\.002");
  }

  @Test
  void restartAfterNewEventsDecidesOnlyTheNewWindows() {
    SparkSession spark = TestSpark.session();
    copyModels(dir);
    AutoopsConf conf = conf(dir);
    String events = conf.table(Tables.EVENTS);
    Dataset<Row> hdfs = SampleEvents.hdfs(spark);
    hdfs.filter("ts < TIMESTAMP '2008-11-10 00:00:00'").write().format("delta").save(events);

    StageReport before = ScoreJob.run(spark, conf);
    hdfs.filter("ts >= TIMESTAMP '2008-11-10 00:00:00'")
        .write()
        .format("delta")
        .mode("append")
        .save(events);
    StageReport after = ScoreJob.run(spark, conf);
    StageReport again = ScoreJob.run(spark, conf);

    Dataset<Row> decisions = spark.read().format("delta").load(conf.table(Tables.DECISIONS));
    assertThat(before.rowsOut() + after.rowsOut()).isEqualTo(HDFS_CLOSED);
    assertThat(again.rowsOut()).isZero();
    assertThat(decisions.count()).isEqualTo(HDFS_CLOSED);
    assertThat(decisions.select(Columns.DECISION_ID).distinct().count()).isEqualTo(HDFS_CLOSED);
  }

  @Test
  void aBatchCommittedToDeltaButNotToTheCheckpointIsReplayedWithoutDuplicates() throws Exception {
    SparkSession spark = TestSpark.session();
    copyModels(dir);
    AutoopsConf conf = conf(dir);
    SampleEvents.hdfs(spark).write().format("delta").save(conf.table(Tables.EVENTS));
    ScoreJob.run(spark, conf);
    // A crash after the Delta commit and before the checkpoint's: the last batch has an offset
    // file but no commit file, so the restarted query runs it again.
    Path commits = Path.of(conf.checkpoint("score-hdfs"), "commits");
    Path last;
    try (var files = java.nio.file.Files.list(commits)) {
      last =
          files
              .filter(f -> f.getFileName().toString().matches("\\d+"))
              .max(
                  java.util.Comparator.comparingLong(
                      f -> Long.parseLong(f.getFileName().toString())))
              .orElseThrow();
    }
    java.nio.file.Files.delete(last);
    java.nio.file.Files.deleteIfExists(last.resolveSibling("." + last.getFileName() + ".crc"));

    StageReport replay = ScoreJob.run(spark, conf);

    Dataset<Row> decisions = spark.read().format("delta").load(conf.table(Tables.DECISIONS));
    assertThat(replay.rowsOut()).isZero();
    assertThat(decisions.count()).isEqualTo(HDFS_CLOSED);
    assertThat(decisions.select(Columns.DECISION_ID).distinct().count()).isEqualTo(HDFS_CLOSED);
  }

  @Test
  void aProcessingTimeTriggerKeepsDecidingUntilStopped() throws Exception {
    SparkSession spark = TestSpark.session();
    copyModels(dir);
    AutoopsConf conf = conf(dir).with(AutoopsConf.SCORE_TRIGGER, "1 second");
    SampleEvents.hdfs(spark).write().format("delta").save(conf.table(Tables.EVENTS));

    List<StreamingQuery> queries = ScoreJob.start(spark, conf);
    long decided = 0;
    try {
      for (int i = 0; i < 600 && decided < HDFS_CLOSED; i++) {
        queries.forEach(StreamingQuery::processAllAvailable);
        decided = spark.read().format("delta").load(conf.table(Tables.DECISIONS)).count();
      }
      assertThat(queries).allMatch(StreamingQuery::isActive);
    } finally {
      for (StreamingQuery query : queries) {
        query.stop();
      }
    }
    assertThat(decided).isEqualTo(HDFS_CLOSED);
  }

  @Test
  void aReplayedBatchIsSkipped() {
    SparkSession spark = TestSpark.session();
    copyModels(dir);
    AutoopsConf conf = conf(dir);
    ModelRegistry registry = TrainJob.registry(spark, conf);
    String path = conf.table(Tables.DECISIONS);
    spark.createDataFrame(List.of(), Decisions.SCHEMA).write().format("delta").save(path);
    DecisionSink sink =
        new DecisionSink(
            path,
            "hdfs",
            "block",
            Optional.empty(),
            new Decisions.Scorer(
                registry.card("hdfs-kmeans", 1), registry.load(registry.card("hdfs-kmeans", 1))));
    Dataset<Row> features =
        Features.transform(SampleEvents.hdfs(spark), FeatureSpec.session("30 minutes"));

    sink.write(features.filter("entity < 'blk_-5'"), 3, "replay-test");
    long first = spark.read().format("delta").load(path).count();
    sink.write(features, 3, "replay-test");
    long replayed = spark.read().format("delta").load(path).count();
    sink.write(features, 4, "replay-test");
    long next = spark.read().format("delta").load(path).count();

    assertThat(first).isEqualTo(78);
    assertThat(replayed).isEqualTo(first);
    assertThat(next).isEqualTo(307);
    assertThat(spark.conf().getOption("spark.databricks.delta.write.txnAppId").isDefined())
        .isFalse();
  }

  @Test
  void rejectsAWarehouseWithoutModels() {
    SparkSession spark = TestSpark.session();
    AutoopsConf conf = conf(dir);
    SampleEvents.bgl(spark).limit(5).write().format("delta").save(conf.table(Tables.EVENTS));

    assertThatThrownBy(() -> ScoreJob.run(spark, conf))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "No model registered under "
                + dir
                + "/models: run train first (it needs gold/features).");
  }

  @Test
  void rejectsAModelVersionThatIsNotRegistered() {
    SparkSession spark = TestSpark.session();
    AutoopsConf conf = conf(trained).with(AutoopsConf.SCORE_MODEL_VERSION, "9");

    assertThatThrownBy(() -> ScoreJob.start(spark, conf))
        .isInstanceOf(AutoopsException.class)
        .hasMessageStartingWith(
            "Model bgl-gbt v9 at " + trained + "/models/bgl-gbt/v9 cannot be read (")
        .hasMessageEndingWith(
            "): run train first, or set spark.autoops.score.model-version to a registered version"
                + " (now '9').");
  }

  private static AutoopsConf conf(Path warehouse) {
    return AutoopsConf.of(
        Map.of(
            AutoopsConf.WAREHOUSE.key(),
            warehouse.toString(),
            AutoopsConf.TRAIN_GBT_MAX_ITER.key(),
            "5"));
  }

  private static void copyModels(Path warehouse) {
    Path from = trained.resolve(TrainJob.REGISTRY);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path to = warehouse.resolve(TrainJob.REGISTRY).resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
