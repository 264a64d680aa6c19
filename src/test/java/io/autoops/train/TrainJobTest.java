package io.autoops.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.autoops.SampleEvents;
import io.autoops.TestSpark;
import io.autoops.models.ModelCard;
import io.autoops.models.ModelRegistry;
import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.Tables;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.pipelines.features.FeaturesJob;
import io.autoops.pipelines.train.TrainJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains on the HDFS 5k and BGL 2k samples with the default seed (42) and test fraction (0.3). The
 * held-out figures are exact for that seed; HDFS block labels mark every session of an anomalous
 * block, including its quiet allocation and deletion sessions, which caps the HDFS recall.
 */
class TrainJobTest {
  private static final double EXACT = 1e-9;

  @TempDir Path dir;

  @Test
  void trainsEvaluatesAndRegistersOncePerInputAndParameters() throws Exception {
    SparkSession spark = TestSpark.session();
    AutoopsConf conf = AutoopsConf.of(Map.of(AutoopsConf.WAREHOUSE.key(), dir.toString()));
    SampleEvents.writeSilver(spark, dir.toString());
    FeaturesJob.run(spark, conf);

    StageReport first = TrainJob.run(spark, conf);

    assertThat(first.rowsIn()).isEqualTo(2188);
    assertThat(first.rowsOut()).isEqualTo(4);
    assertThat(first.figures())
        .containsEntry("registered", "bgl-gbt:v1,bgl-kmeans:v1,hdfs-gbt:v1,hdfs-kmeans:v1");
    ModelRegistry registry = TrainJob.registry(spark, conf);

    ModelCard hdfsGbt = registry.latest("hdfs-gbt").orElseThrow();
    assertThat(hdfsGbt.version()).isEqualTo(1);
    assertThat(hdfsGbt.trainingTable()).isEqualTo(conf.table(Tables.FEATURES));
    assertThat(hdfsGbt.trainingVersion()).isZero();
    assertThat(hdfsGbt.seed()).isEqualTo(42L);
    assertThat(hdfsGbt.trainRows()).isEqualTo(207);
    assertThat(hdfsGbt.testRows()).isEqualTo(100);
    assertThat(hdfsGbt.featureColumns()).hasSize(25).contains("event_count", "level:INFO");
    assertThat(hdfsGbt.threshold()).isEqualTo(0.5);
    assertThat(hdfsGbt.metrics().get("precision")).isCloseTo(0.8, within(EXACT));
    assertThat(hdfsGbt.metrics().get("recall")).isCloseTo(4.0 / 11, within(EXACT));
    assertThat(hdfsGbt.metrics().get("f1")).isCloseTo(0.5, within(EXACT));
    assertThat(hdfsGbt.metrics().get("auc_pr")).isCloseTo(0.5229924613342727, within(EXACT));

    ModelCard bglGbt = registry.latest("bgl-gbt").orElseThrow();
    assertThat(bglGbt.trainRows()).isEqualTo(1337);
    assertThat(bglGbt.testRows()).isEqualTo(544);
    assertThat(bglGbt.featureColumns()).hasSize(186);
    assertThat(bglGbt.metrics().get("precision")).isCloseTo(1.0, within(EXACT));
    assertThat(bglGbt.metrics().get("recall")).isCloseTo(0.625, within(EXACT));
    assertThat(bglGbt.metrics().get("f1")).isCloseTo(10.0 / 13, within(EXACT));
    assertThat(bglGbt.metrics().get("auc_pr")).isCloseTo(0.8654411764705883, within(EXACT));

    ModelCard hdfsKmeans = registry.latest("hdfs-kmeans").orElseThrow();
    assertThat(hdfsKmeans.threshold()).isCloseTo(10.002068563380544, within(EXACT));
    assertThat(hdfsKmeans.parameters()).containsEntry("k", 4).containsEntry("quantile", 0.99);
    assertThat(hdfsKmeans.metrics().get("recall")).isZero();
    assertThat(hdfsKmeans.metrics().get("precision")).isNull();
    ModelCard bglKmeans = registry.latest("bgl-kmeans").orElseThrow();
    assertThat(bglKmeans.threshold()).isCloseTo(36.67566179574272, within(EXACT));
    assertThat(bglKmeans.metrics().get("auc_pr")).isCloseTo(0.15946796423323456, within(EXACT));

    String json =
        Files.readString(Path.of(registry.versionPath("hdfs-gbt", 1), ModelRegistry.CARD));
    assertThat(json)
        .contains("\"training_table\" : \"" + conf.table(Tables.FEATURES) + "\"")
        .contains("\"training_version\" : 0")
        .contains("\"feature_columns\"");
    assertThat(Files.isDirectory(Path.of(registry.versionPath("hdfs-gbt", 1), "model"))).isTrue();

    StageReport again = TrainJob.run(spark, conf);

    assertThat(again.rowsOut()).isZero();
    assertThat(again.figures())
        .containsEntry("unchanged", "bgl-gbt:v1,bgl-kmeans:v1,hdfs-gbt:v1,hdfs-kmeans:v1");
    assertThat(registry.latestVersion("hdfs-gbt")).hasValue(1);
    assertThat(spark.read().format("delta").load(conf.table(Tables.MODEL_METRICS)).count())
        .isEqualTo(4);

    StageReport newK = TrainJob.run(spark, conf.with(AutoopsConf.TRAIN_KMEANS_K, "3"));

    assertThat(newK.figures())
        .containsEntry("registered", "bgl-kmeans:v2,hdfs-kmeans:v2")
        .containsEntry("unchanged", "bgl-gbt:v1,hdfs-gbt:v1");
    assertThat(spark.read().format("delta").load(conf.table(Tables.MODEL_METRICS)).count())
        .isEqualTo(6);
  }

  @Test
  void rejectsMissingFeaturesNamingThePathAndTheFix() {
    AutoopsConf conf = AutoopsConf.of(Map.of(AutoopsConf.WAREHOUSE.key(), dir.toString()));
    assertThatThrownBy(() -> TrainJob.run(TestSpark.session(), conf))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "No Delta table at "
                + dir
                + "/gold/features: run features first, or point spark.autoops.warehouse at the"
                + " warehouse that holds it.");
  }
}
