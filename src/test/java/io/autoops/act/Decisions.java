package io.autoops.act;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Builds small {@code ops/decisions} tables for tests, with the schema the score stage writes.
 * Decisions cover a one-hour window ending at {@code windowEnd}; an anomalous one has action {@code
 * alert}, a normal one {@code none}.
 */
public final class Decisions {
  /** The {@code ops/decisions} schema, as the score stage writes it. */
  public static final StructType SCHEMA = io.autoops.models.Decisions.SCHEMA;

  private Decisions() {}

  /**
   * One decision row.
   *
   * @param id decision id
   * @param format log format, such as {@code HDFS}
   * @param entityKind block, node, host or client
   * @param entity the entity
   * @param component component, or null
   * @param windowEnd end of the window, ISO-8601 such as {@code 2024-01-01T10:00:00Z}
   * @param score anomaly score from 0 to 1
   * @param anomalous whether the score stage flagged it
   */
  public record Decision(
      String id,
      String format,
      String entityKind,
      String entity,
      String component,
      String windowEnd,
      double score,
      boolean anomalous) {

    /** The row as the score stage writes it. */
    public Row row() {
      Instant end = Instant.parse(windowEnd);
      return RowFactory.create(
          id,
          format,
          entityKind,
          entity,
          component,
          Timestamp.from(end.minus(Duration.ofHours(1))),
          Timestamp.from(end),
          score,
          2.5,
          score,
          anomalous,
          anomalous ? "alert" : "none",
          "gbt=v1,kmeans=v1",
          anomalous ? "score above threshold" : "normal",
          Timestamp.from(end.plus(Duration.ofMinutes(1))));
    }
  }

  /** An anomalous HDFS block decision. */
  public static Decision anomalous(String id, String entity, String windowEnd, double score) {
    return new Decision(id, "HDFS", "block", entity, "dfs.DataNode", windowEnd, score, true);
  }

  /** A normal (not anomalous) HDFS block decision. */
  public static Decision normal(String id, String entity, String windowEnd, double score) {
    return new Decision(id, "HDFS", "block", entity, "dfs.DataNode", windowEnd, score, false);
  }

  /** Appends the decisions to the Delta table at {@code path}, creating it if needed. */
  public static void append(SparkSession spark, String path, Decision... decisions) {
    List<Row> rows = Arrays.stream(decisions).map(Decision::row).toList();
    spark.createDataFrame(rows, SCHEMA).write().format("delta").mode("append").save(path);
  }
}
