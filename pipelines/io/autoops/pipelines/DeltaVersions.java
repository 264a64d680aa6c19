package io.autoops.pipelines;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads the version and commit metadata of Delta tables, so that a stage can record what it was
 * built from and skip a re-run over unchanged input.
 */
public final class DeltaVersions {
  private DeltaVersions() {}

  /** Whether {@code path} holds a Delta table. */
  public static boolean exists(SparkSession spark, String path) {
    return Tables.exists(spark, path);
  }

  /** The newest version of the Delta table at {@code path}, or -1 when there is none. */
  public static long version(SparkSession spark, String path) {
    if (!exists(spark, path)) {
      return -1;
    }
    return DeltaTable.forPath(spark, path).history(1).select("version").head().getLong(0);
  }

  /**
   * The newest version of the Delta table at {@code path}.
   *
   * @param producer what writes the table, for the error message (such as {@code ingest})
   * @throws AutoopsException when there is no Delta table at {@code path}
   */
  public static long latest(SparkSession spark, String path, String producer) {
    if (!exists(spark, path)) {
      throw new AutoopsException(
          "No Delta table at "
              + path
              + ": run "
              + producer
              + " first, or point spark.autoops.warehouse at the warehouse that holds it.");
    }
    return version(spark, path);
  }

  /** The {@code userMetadata} of the newest commit of {@code path}, if the table and it exist. */
  public static Optional<String> lastUserMetadata(SparkSession spark, String path) {
    if (!exists(spark, path)) {
      return Optional.empty();
    }
    Row last = DeltaTable.forPath(spark, path).history(1).select("userMetadata").head();
    return Optional.ofNullable(last.isNullAt(0) ? null : last.getString(0));
  }

  /**
   * The {@code userMetadata} of commit {@code version} of {@code path}, if the table and it exist.
   */
  public static Optional<String> userMetadata(SparkSession spark, String path, long version) {
    if (!exists(spark, path)) {
      return Optional.empty();
    }
    List<Row> commits =
        DeltaTable.forPath(spark, path)
            .history()
            .filter(col("version").equalTo(version))
            .select("userMetadata")
            .limit(1)
            .collectAsList();
    return commits.isEmpty() || commits.get(0).isNullAt(0)
        ? Optional.empty()
        : Optional.of(commits.get(0).getString(0));
  }

  /** Rows written by the newest commit of {@code path} ({@code numOutputRows}), 0 if unknown. */
  public static long lastOutputRows(SparkSession spark, String path) {
    Row last =
        DeltaTable.forPath(spark, path)
            .history(1)
            .selectExpr("operationMetrics['numOutputRows']")
            .head();
    return last.isNullAt(0) ? 0L : Long.parseLong(last.getString(0));
  }
}
