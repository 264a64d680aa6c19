package io.autoops.pipelines.score;

import io.autoops.models.Decisions;
import io.autoops.transforms.Columns;
import io.delta.tables.DeltaTable;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Writes the decisions of one micro-batch of feature rows into {@code ops/decisions}, exactly once:
 * a MERGE that inserts only unseen {@code decision_id}s, committed as Delta transaction ({@code
 * appId}, batch id), so a batch replayed after a crash is skipped whole by Delta and a decision
 * seen before is never inserted twice.
 */
public final class DecisionSink {
  static final String TXN_APP_ID = "spark.databricks.delta.write.txnAppId";
  static final String TXN_VERSION = "spark.databricks.delta.write.txnVersion";

  private static final Logger LOG = LogManager.getLogger(DecisionSink.class);

  private final String decisionsPath;
  private final String format;
  private final String entityKind;
  private final Optional<Decisions.Scorer> gbt;
  private final Decisions.Scorer kmeans;

  /**
   * @param decisionsPath the {@code ops/decisions} table (must exist)
   * @param format the format this sink scores
   * @param entityKind what its entities are, such as {@code block}
   * @param gbt the classifier, if the format has one
   * @param kmeans the k-means model
   */
  public DecisionSink(
      String decisionsPath,
      String format,
      String entityKind,
      Optional<Decisions.Scorer> gbt,
      Decisions.Scorer kmeans) {
    this.decisionsPath = decisionsPath;
    this.format = format;
    this.entityKind = entityKind;
    this.gbt = gbt;
    this.kmeans = kmeans;
  }

  /**
   * Scores {@code features} and merges the decisions as transaction ({@code appId}, {@code
   * batchId}); does nothing when that transaction is already committed.
   */
  public void write(Dataset<Row> features, long batchId, String appId) {
    long started = System.nanoTime();
    SparkSession spark = features.sparkSession();
    spark.sparkContext().setJobDescription("score: " + format + " batch " + batchId);
    // The micro-batch is computed in full before the MERGE: when Delta skips a replayed
    // transaction, the stateful window aggregation upstream must still run, or Spark refuses to
    // commit the batch (STATE_STORE_COMMIT_VALIDATION_FAILED) and the restart fails.
    Dataset<Row> decisions =
        Decisions.decide(features, entityKind, gbt, kmeans).persist(StorageLevel.MEMORY_AND_DISK());
    long windows = decisions.count();
    spark.conf().set(TXN_APP_ID, appId);
    spark.conf().set(TXN_VERSION, Long.toString(batchId));
    try {
      DeltaTable.forPath(spark, decisionsPath)
          .as("t")
          .merge(
              decisions.as("s"),
              "t."
                  + Columns.FORMAT
                  + " = '"
                  + format
                  + "' AND t."
                  + Columns.DECISION_ID
                  + " = s."
                  + Columns.DECISION_ID)
          .whenNotMatched()
          .insertAll()
          .execute();
    } finally {
      spark.conf().unset(TXN_APP_ID);
      spark.conf().unset(TXN_VERSION);
      spark.sparkContext().setJobDescription(null);
      decisions.unpersist();
    }
    LOG.info(
        "score {} batch {} ({}): {} windows merged into {} in {}s",
        format,
        batchId,
        appId,
        windows,
        decisionsPath,
        Math.round((System.nanoTime() - started) / 1e8) / 10.0);
  }
}
