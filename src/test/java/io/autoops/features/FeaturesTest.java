package io.autoops.features;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoops.SampleEvents;
import io.autoops.TestSpark;
import io.autoops.transforms.Columns;
import io.autoops.transforms.features.FeatureSpec;
import io.autoops.transforms.features.Features;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesTest {
  @TempDir Path dir;

  @Test
  void cutsHdfsIntoSessionsPerBlock() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> hdfs =
        Features.transform(SampleEvents.hdfs(spark), FeatureSpec.session("30 minutes"));

    assertThat(hdfs.columns()).containsExactlyElementsOf(Features.COLUMNS);
    assertThat(hdfs.count()).isEqualTo(307);
    assertThat(hdfs.select(Columns.ENTITY).distinct().count()).isEqualTo(110);
    assertThat(hdfs.agg(sum(Features.EVENT_COUNT)).head().getLong(0)).isEqualTo(4519);
    assertThat(hdfs.filter(col(Columns.LABEL).isNotNull()).count()).isZero();
    List<Row> block =
        hdfs.filter(col(Columns.ENTITY).equalTo("blk_-105450231192318816"))
            .orderBy(Columns.WINDOW_START)
            .collectAsList();
    assertThat(block)
        .extracting(r -> r.<Long>getAs(Features.EVENT_COUNT))
        .containsExactly(16L, 16L, 6L);
    Row second = block.get(1);
    assertThat(second.<Timestamp>getAs(Columns.WINDOW_START))
        .isEqualTo(Timestamp.valueOf("2008-11-09 21:39:34"));
    assertThat(second.<Timestamp>getAs(Columns.WINDOW_END))
        .isEqualTo(Timestamp.valueOf("2008-11-09 22:14:59"));
    assertThat(second.<String>getAs(Columns.COMPONENT)).isEqualTo("dfs.DataNode$DataXceiver");
    assertThat(second.getJavaMap(second.fieldIndex(Features.LEVEL_COUNTS)))
        .containsEntry("INFO", 1L)
        .containsEntry("WARN", 15L)
        .hasSize(2);
    assertThat(second.getJavaMap(second.fieldIndex(Features.TEMPLATE_COUNTS))).hasSize(2);
  }

  @Test
  void cutsBglIntoHourlyWindowsPerNodeWithLineLabels() {
    SparkSession spark = TestSpark.session();
    Dataset<Row> bgl = Features.transform(SampleEvents.bgl(spark), FeatureSpec.tumbling("1 hour"));

    assertThat(bgl.count()).isEqualTo(1881);
    assertThat(bgl.agg(sum(Features.EVENT_COUNT)).head().getLong(0)).isEqualTo(2000);
    assertThat(bgl.filter(col(Columns.LABEL).equalTo(1)).count()).isEqualTo(90);
    assertThat(bgl.filter(col(Columns.LABEL).equalTo(0)).count()).isEqualTo(1791);
  }

  @Test
  void streamingEmitsTheSameRowsAsBatchForClosedWindows()
      throws TimeoutException, StreamingQueryException {
    SparkSession spark = TestSpark.session();
    String events = dir.resolve("events").toString();
    SampleEvents.hdfs(spark).write().format("delta").save(events);
    FeatureSpec spec = FeatureSpec.session("30 minutes");

    StreamingQuery query =
        Features.transform(
                spark.readStream().format("delta").load(events), spec.withWatermark("10 minutes"))
            .writeStream()
            .format("delta")
            .outputMode("append")
            .option("checkpointLocation", dir.resolve("checkpoint").toString())
            .trigger(Trigger.AvailableNow())
            .start(dir.resolve("out").toString());
    query.awaitTermination();

    Dataset<Row> streamed = spark.read().format("delta").load(dir.resolve("out").toString());
    Timestamp lastEvent =
        spark.read().format("delta").load(events).agg(max(Columns.TS)).head().getTimestamp(0);
    Timestamp watermark = new Timestamp(lastEvent.getTime() - 10 * 60 * 1000);
    Dataset<Row> closed =
        Features.transform(spark.read().format("delta").load(events), spec)
            .filter(col(Columns.WINDOW_END).leq(watermark));
    assertThat(streamed.count()).isEqualTo(201);
    assertThat(closed.count()).isEqualTo(201);
    assertThat(comparable(streamed).exceptAll(comparable(closed)).count()).isZero();
  }

  private static Dataset<Row> comparable(Dataset<Row> features) {
    return features
        .withColumn(Features.TEMPLATE_COUNTS, to_json(col(Features.TEMPLATE_COUNTS)))
        .withColumn(Features.LEVEL_COUNTS, to_json(col(Features.LEVEL_COUNTS)));
  }
}
