package io.autoops.pipelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * How settings reach the Hadoop configuration of a session that already runs: {@code
 * spark.hadoop.*} entries land without their prefix, and the S3A retry caps fill in only where
 * nothing but Hadoop's built-in default is set.
 */
class AutoopsSessionTest {
  @Test
  void s3aCapsReplaceHadoopBuiltInDefaults() {
    Configuration hadoop = new Configuration();
    assertThat(hadoop.get("fs.s3a.retry.limit")).isEqualTo("7");

    AutoopsSession.applyHadoopSettings(hadoop, Map.of());

    assertThat(hadoop.get("fs.s3a.retry.limit")).isEqualTo("3");
    assertThat(hadoop.get("fs.s3a.attempts.maximum")).isEqualTo("3");
    assertThat(hadoop.get("fs.s3a.connection.establish.timeout")).isEqualTo("15s");
  }

  @Test
  void s3aCapsLeaveAValueSomebodySetAlone() {
    Configuration hadoop = new Configuration();
    hadoop.set("fs.s3a.retry.limit", "9");

    AutoopsSession.applyHadoopSettings(hadoop, Map.of());

    assertThat(hadoop.get("fs.s3a.retry.limit")).isEqualTo("9");
  }

  @Test
  void sparkHadoopSettingsLandWithoutTheirPrefix() {
    Configuration hadoop = new Configuration();
    hadoop.set("fs.s3a.bucket.logs.endpoint", "http://127.0.0.1:1");

    AutoopsSession.applyHadoopSettings(
        hadoop,
        Map.of(
            "spark.hadoop.fs.s3a.bucket.logs.endpoint", "http://127.0.0.1:9000",
            "spark.hadoop.fs.s3a.retry.limit", "5",
            "spark.sql.shuffle.partitions", "2",
            "spark.hadoop.", "ignored"));

    assertThat(hadoop.get("fs.s3a.bucket.logs.endpoint")).isEqualTo("http://127.0.0.1:9000");
    assertThat(hadoop.get("fs.s3a.retry.limit")).isEqualTo("5");
    assertThat(hadoop.get("spark.sql.shuffle.partitions")).isNull();
    assertThat(hadoop.get("")).isNull();
  }
}
