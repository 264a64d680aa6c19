package io.autoops.conf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.conf.AutoopsConf;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoopsConfTest {

  @Test
  void defaultsApplyWhenNothingIsSet() {
    AutoopsConf conf = AutoopsConf.of(Map.of());
    assertThat(conf.get(AutoopsConf.INGEST_MODE)).isEqualTo("batch");
    assertThat(conf.get(AutoopsConf.TRAIN_SEED)).isEqualTo(42L);
    String cwd = java.nio.file.Paths.get("").toAbsolutePath().toString();
    assertThat(conf.table("silver/events")).isEqualTo(cwd + "/warehouse/silver/events");
    assertThat(conf.checkpoint("score-hdfs")).isEqualTo(cwd + "/warehouse/_checkpoints/score-hdfs");
  }

  @Test
  void setValuesOverrideDefaultsAndTrailingSlashesAreDropped() {
    AutoopsConf conf =
        AutoopsConf.of(
            Map.of(
                "spark.autoops.warehouse", "s3a://lake/autoops/",
                "spark.autoops.checkpoints", "hdfs://nn/ckpt",
                "spark.autoops.ingest.mode", "STREAM",
                "spark.master", "local[2]"));
    assertThat(conf.table("ops/decisions")).isEqualTo("s3a://lake/autoops/ops/decisions");
    assertThat(conf.checkpoint("act")).isEqualTo("hdfs://nn/ckpt/act");
    assertThat(conf.get(AutoopsConf.INGEST_MODE)).isEqualTo("stream");
  }

  @Test
  void rejectsUnknownKeyByName() {
    assertThatThrownBy(() -> AutoopsConf.of(Map.of("spark.autoops.ingest.mod", "batch")))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "Unknown configuration key spark.autoops.ingest.mod: check its spelling; 'autoops"
                + " conf' lists every key with what it allows.");
  }

  @Test
  void rejectsBadValueNamingKeyValueAndWhatIsAllowed() {
    assertThatThrownBy(() -> AutoopsConf.of(Map.of("spark.autoops.train.kmeans.k", "one")))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "Invalid configuration spark.autoops.train.kmeans.k='one': expected a whole number"
                + " from 2 to 1000.");
    assertThatThrownBy(() -> AutoopsConf.of(Map.of("spark.autoops.score.trigger", "soon")))
        .hasMessageContaining("spark.autoops.score.trigger='soon'")
        .hasMessageContaining("'available-now' or a processing-time interval");
    assertThatThrownBy(() -> AutoopsConf.of(Map.of("spark.autoops.features.window", "0 hours")))
        .hasMessageContaining("a positive interval");
  }

  @Test
  void acceptsProcessingTimeTriggers() {
    AutoopsConf conf = AutoopsConf.of(Map.of("spark.autoops.act.trigger", "30 seconds"));
    assertThat(conf.get(AutoopsConf.ACT_TRIGGER)).isEqualTo("30 seconds");
  }

  @Test
  void toStringRedactsSecretsAndShowsTheRest() {
    AutoopsConf conf =
        AutoopsConf.of(
            Map.of(
                "spark.autoops.act.webhook.url", "https://hooks.test/x?token=s3cr3t-url",
                "spark.autoops.act.webhook.token", "s3cr3t-token",
                "spark.autoops.train.seed", "7"));
    assertThat(conf.toString())
        .doesNotContain("s3cr3t")
        .contains("spark.autoops.act.webhook.token=<redacted>")
        .contains("spark.autoops.train.seed=7");
  }
}
