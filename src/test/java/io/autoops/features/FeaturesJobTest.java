package io.autoops.features;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoops.SampleEvents;
import io.autoops.TestSpark;
import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.DeltaVersions;
import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.Tables;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.pipelines.features.FeaturesJob;
import io.autoops.transforms.Columns;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesJobTest {
  @TempDir Path dir;

  @Test
  void buildsFeaturesWithBlockLabelsAndSkipsUnchangedInput() {
    SparkSession spark = TestSpark.session();
    AutoopsConf conf = AutoopsConf.of(Map.of(AutoopsConf.WAREHOUSE.key(), dir.toString()));
    SampleEvents.writeSilver(spark, dir.toString());

    StageReport first = FeaturesJob.run(spark, conf);

    assertThat(first.rowsIn()).isEqualTo(6519);
    assertThat(first.rowsOut()).isEqualTo(2188);
    assertThat(first.figures()).containsEntry("skipped", false);
    Dataset<Row> features = spark.read().format("delta").load(conf.table(Tables.FEATURES));
    Dataset<Row> hdfs = features.filter(col(Columns.FORMAT).equalTo("hdfs"));
    assertThat(hdfs.count()).isEqualTo(307);
    assertThat(hdfs.filter(col(Columns.LABEL).isNull()).count()).isZero();
    assertThat(hdfs.filter(col(Columns.LABEL).equalTo(1)).select(Columns.ENTITY).distinct().count())
        .isEqualTo(10);
    assertThat(hdfs.filter(col(Columns.LABEL).equalTo(1)).count()).isEqualTo(24);
    assertThat(features.filter("format = 'bgl' AND label = 1").count()).isEqualTo(90);
    long version = DeltaVersions.latest(spark, conf.table(Tables.FEATURES), "features");

    StageReport second = FeaturesJob.run(spark, conf);

    assertThat(second.rowsOut()).isZero();
    assertThat(second.figures()).containsEntry("skipped", true);
    assertThat(DeltaVersions.latest(spark, conf.table(Tables.FEATURES), "features"))
        .isEqualTo(version);
    assertThat(spark.read().format("delta").load(conf.table(Tables.FEATURES)).count())
        .isEqualTo(2188);
  }

  @Test
  void rebuildsWhenEventsChange() {
    SparkSession spark = TestSpark.session();
    AutoopsConf conf = AutoopsConf.of(Map.of(AutoopsConf.WAREHOUSE.key(), dir.toString()));
    SampleEvents.hdfs(spark).write().format("delta").save(conf.table(Tables.EVENTS));
    assertThat(FeaturesJob.run(spark, conf).rowsOut()).isEqualTo(307);

    SampleEvents.bgl(spark).write().format("delta").mode("append").save(conf.table(Tables.EVENTS));
    StageReport again = FeaturesJob.run(spark, conf);

    assertThat(again.rowsOut()).isEqualTo(2188);
    assertThat(spark.read().format("delta").load(conf.table(Tables.FEATURES)).count())
        .isEqualTo(2188);
  }

  @Test
  void rejectsMissingEventsNamingThePathAndTheFix() {
    AutoopsConf conf = AutoopsConf.of(Map.of(AutoopsConf.WAREHOUSE.key(), dir.toString()));
    assertThatThrownBy(() -> FeaturesJob.run(TestSpark.session(), conf))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "No Delta table at "
                + dir
                + "/silver/events: run ingest first, or point spark.autoops.warehouse at the"
                + " warehouse that holds it.");
  }
}
