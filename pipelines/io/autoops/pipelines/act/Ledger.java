package io.autoops.pipelines.act;

import io.autoops.transforms.Columns;
import io.delta.tables.DeltaTable;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code ops/actions} ledger: one row per decision the act stage took up, keyed by {@code
 * decision_id}. A row is inserted as {@link #CLAIMED} (or {@link #SKIPPED_COOLDOWN}) before
 * anything is executed, and updated to {@link #SUCCEEDED} or {@link #FAILED} afterwards; a decision
 * with a row is never executed again, so a row left {@code claimed} by a killed job means "outcome
 * unknown, possibly executed once".
 */
final class Ledger {
  static final String DECISION_ID = Columns.DECISION_ID;
  static final String ACTION = Columns.ACTION;
  static final String EXECUTOR = Columns.EXECUTOR;
  static final String STATUS = Columns.STATUS;
  static final String ATTEMPTS = Columns.ATTEMPTS;
  static final String FINISHED_AT = Columns.FINISHED_AT;
  static final String DETAIL = Columns.DETAIL;

  static final String CLAIMED = "claimed";
  static final String SUCCEEDED = "succeeded";
  static final String FAILED = "failed";
  static final String SKIPPED_COOLDOWN = "skipped-cooldown";

  static final StructType SCHEMA =
      new StructType()
          .add(DECISION_ID, DataTypes.StringType, false)
          .add(ACTION, DataTypes.StringType, false)
          .add(EXECUTOR, DataTypes.StringType, false)
          .add(STATUS, DataTypes.StringType, false)
          .add(ATTEMPTS, DataTypes.IntegerType, false)
          .add(FINISHED_AT, DataTypes.TimestampType, true)
          .add(DETAIL, DataTypes.StringType, true);

  private Ledger() {}

  /** Creates the ledger table at {@code path} unless it exists. */
  static void ensure(SparkSession spark, String path) {
    DeltaTable.createIfNotExists(spark).location(path).addColumns(SCHEMA).execute();
  }

  /** The ledger as it is now. */
  static Dataset<Row> read(SparkSession spark, String path) {
    return spark.read().format("delta").load(path);
  }

  /**
   * Inserts the planned rows whose decision has no ledger row yet; rows of decisions already in the
   * ledger (another run claimed them) are left alone.
   *
   * @param plan rows with the ledger's columns
   */
  static void insertNew(SparkSession spark, String path, Dataset<Row> plan) {
    DeltaTable.forPath(spark, path)
        .as("l")
        .merge(plan.as("p"), "l." + DECISION_ID + " = p." + DECISION_ID)
        .whenNotMatched()
        .insertAll()
        .execute();
  }

  /**
   * Writes the outcomes of executed decisions over their {@code claimed} rows carrying {@code
   * claimToken}; a row that is no longer this run's claim is not touched.
   *
   * @param outcomes rows of {@code decision_id, status, attempts, finished_at, detail}
   */
  static void recordOutcomes(
      SparkSession spark, String path, Dataset<Row> outcomes, String claimToken) {
    DeltaTable.forPath(spark, path)
        .as("l")
        .merge(
            outcomes.as("o"),
            "l."
                + DECISION_ID
                + " = o."
                + DECISION_ID
                + " AND l."
                + STATUS
                + " = '"
                + CLAIMED
                + "'")
        .whenMatched("l." + DETAIL + " = '" + claimToken.replace("'", "") + "'")
        .updateExpr(
            Map.of(
                STATUS, "o." + STATUS,
                ATTEMPTS, "o." + ATTEMPTS,
                FINISHED_AT, "o." + FINISHED_AT,
                DETAIL, "o." + DETAIL))
        .execute();
  }
}
