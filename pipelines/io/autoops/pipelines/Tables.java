package io.autoops.pipelines;

import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The warehouse's tables, by their path under the warehouse root. Every stage reads and writes them
 * through {@code conf.table(Tables.EVENTS)} so that the names live in one place.
 */
public final class Tables {
  public static final String RAW_LINES = "bronze/raw_lines";
  public static final String EVENTS = "silver/events";
  public static final String QUARANTINE = "silver/quarantine";
  public static final String TEMPLATES = "silver/templates";
  public static final String LABELS = "silver/labels";
  public static final String FEATURES = "gold/features";
  public static final String MODEL_METRICS = "gold/model_metrics";
  public static final String DECISIONS = "ops/decisions";
  public static final String ACTIONS = "ops/actions";

  /** Every table, in data-flow order. */
  public static final List<String> ALL =
      List.of(
          RAW_LINES,
          EVENTS,
          QUARANTINE,
          TEMPLATES,
          LABELS,
          FEATURES,
          MODEL_METRICS,
          DECISIONS,
          ACTIONS);

  private Tables() {}

  /** The SQL view name of a table: {@code silver/events} becomes {@code silver_events}. */
  public static String viewName(String table) {
    return table.replace('/', '_');
  }

  /** Whether a Delta table exists at {@code path} (any Hadoop path). */
  public static boolean exists(SparkSession spark, String path) {
    try {
      Path log = new Path(path, "_delta_log");
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      // A _delta_log folder without a commit is what a first write leaves when it dies before its
      // commit: not a table yet, so the next run creates it.
      return fs.exists(log) && fs.listStatus(log, Tables::isCommitOrCheckpoint).length > 0;
    } catch (java.io.IOException e) {
      throw new AutoopsException("Cannot reach " + path + ": " + e.getMessage(), e);
    }
  }

  private static boolean isCommitOrCheckpoint(Path file) {
    return file.getName().matches("\\d{20}\\.(json|checkpoint.*\\.parquet)");
  }
}
