package io.autoops;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.monotonically_increasing_id;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_extract_all;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.when;

import io.autoops.transforms.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Test fixture: {@code silver/events} and {@code silver/labels} rows built from the shipped samples
 * with Spark SQL, standing in for the ingest stage until its output can be used. Every ML test
 * reads events from here, so pointing the tests at the real ingest output is a change to this one
 * class.
 *
 * <p>HDFS: {@code logai_hdfs_5k/HDFS_5k.log} (4,519 lines, 110 blocks), entity = the block id, line
 * labels null, block labels from the logai CSV (10 anomalous blocks). BGL: {@code
 * loghub/BGL/BGL_2k.log} (2,000 lines, 143 alerts), entity = the node, label 1 for alert lines.
 */
public final class SampleEvents {
  public static final String HDFS_LOG = "logai_hdfs_5k/HDFS_5k.log";
  public static final String HDFS_LABELS = "logai_hdfs_5k/HDFS_5k_preprocessed_logrecord.csv";
  public static final String BGL_LOG = "loghub/BGL/BGL_2k.log";

  private static final String HDFS_LINE = "^(\\d{6} \\d{6}) (\\d+) (\\S+) ([^:]+): (.*)$";
  private static final String BGL_LINE =
      "^(\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) (\\S+) ?(.*)$";

  private SampleEvents() {}

  /** The HDFS sample as {@code silver/events} rows (4,519). */
  public static Dataset<Row> hdfs(SparkSession spark) {
    Dataset<Row> lines = lines(spark, HDFS_LOG);
    Column message = regexp_extract(col("value"), HDFS_LINE, 5);
    return events(
        lines,
        "hdfs",
        to_timestamp(regexp_extract(col("value"), HDFS_LINE, 1), "yyMMdd HHmmss"),
        lit(null).cast(DataTypes.StringType),
        regexp_extract(col("value"), HDFS_LINE, 4),
        regexp_extract(col("value"), HDFS_LINE, 3),
        message,
        regexp_extract(message, "blk_-?\\d+", 0),
        lit(null).cast(DataTypes.IntegerType));
  }

  /** The BGL sample as {@code silver/events} rows (2,000; 143 labelled 1). */
  public static Dataset<Row> bgl(SparkSession spark) {
    Dataset<Row> lines = lines(spark, BGL_LOG);
    Column node = regexp_extract(col("value"), BGL_LINE, 4);
    return events(
        lines,
        "bgl",
        to_timestamp(regexp_extract(col("value"), BGL_LINE, 5), "yyyy-MM-dd-HH.mm.ss.SSSSSS"),
        node,
        regexp_extract(col("value"), BGL_LINE, 8),
        regexp_extract(col("value"), BGL_LINE, 9),
        regexp_extract(col("value"), BGL_LINE, 10),
        node,
        when(regexp_extract(col("value"), BGL_LINE, 1).equalTo("-"), 0).otherwise(1));
  }

  /** HDFS block labels as {@code silver/labels} rows (110 blocks, 10 with label 1). */
  public static Dataset<Row> hdfsLabels(SparkSession spark) {
    return spark
        .read()
        .option("header", "true")
        .csv(TestSpark.sample(HDFS_LABELS).toString())
        .select(
            explode(regexp_extract_all(col(" BLOCK "), lit("blk_-?\\d+"), lit(0))).as("block"),
            col("labels").cast(DataTypes.IntegerType).as("line_label"))
        .groupBy("block")
        .agg(max("line_label").as(Columns.LABEL))
        .select(
            lit("hdfs").as(Columns.FORMAT), col("block").as(Columns.ENTITY), col(Columns.LABEL));
  }

  /** Writes HDFS and BGL events to {@code <warehouse>/silver/events} and labels beside them. */
  public static void writeSilver(SparkSession spark, String warehouse) {
    hdfs(spark).unionByName(bgl(spark)).write().format("delta").save(warehouse + "/silver/events");
    hdfsLabels(spark).write().format("delta").save(warehouse + "/silver/labels");
  }

  private static Dataset<Row> lines(SparkSession spark, String sample) {
    return spark
        .read()
        .text(TestSpark.sample(sample).toString())
        .withColumn("value", regexp_replace(col("value"), "\r$", ""))
        .filter(col("value").notEqual(""))
        .withColumn(Columns.SOURCE, input_file_name())
        .withColumn(Columns.LINE_NUMBER, monotonically_increasing_id().plus(1));
  }

  private static Dataset<Row> events(
      Dataset<Row> lines,
      String format,
      Column ts,
      Column host,
      Column component,
      Column level,
      Column message,
      Column entity,
      Column label) {
    Column masked =
        regexp_replace(regexp_replace(message, "blk_-?\\d+", "<blk>"), "[0-9a-fA-Fx]*\\d+", "<*>");
    return lines.select(
        sha2(concat_ws("|", col(Columns.SOURCE), col(Columns.LINE_NUMBER)), 256)
            .as(Columns.EVENT_ID),
        ts.as(Columns.TS),
        host.as(Columns.HOST),
        component.as(Columns.COMPONENT),
        level.as(Columns.LEVEL),
        message.as(Columns.MESSAGE),
        concat(lit(format + "-"), substring(sha2(masked, 256), 1, 12)).as(Columns.TEMPLATE_ID),
        entity.as(Columns.ENTITY),
        label.cast(DataTypes.IntegerType).as(Columns.LABEL),
        lit(format).as(Columns.FORMAT),
        col(Columns.SOURCE),
        col(Columns.LINE_NUMBER),
        lit("fixture").as(Columns.RUN_ID),
        to_timestamp(lit("2024-01-01 00:00:00")).as(Columns.INGEST_TIME));
  }
}
