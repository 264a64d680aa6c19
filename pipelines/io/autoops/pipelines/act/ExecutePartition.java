package io.autoops.pipelines.act;

import io.autoops.transforms.Columns;
import java.util.Iterator;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Executes claimed decisions on a Spark executor, one row at a time, and returns one outcome row
 * per decision ({@link #OUTPUT}).
 *
 * <p><b>At most once under task retries.</b> A task that is a retry (task or stage attempt above 0)
 * may follow an attempt that already executed some of its decisions, so it executes none: each of
 * its decisions is recorded as failed with 0 attempts and a detail saying so. Speculative execution
 * must stay off (Spark's default) for the same reason.
 */
final class ExecutePartition implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  static final String BODY = "_body";
  static final String FINISHED_MS = "_finished_ms";

  /** Outcome rows; {@link #FINISHED_MS} is epoch milliseconds. */
  static final StructType OUTPUT =
      new StructType()
          .add(Ledger.DECISION_ID, DataTypes.StringType, false)
          .add(Ledger.STATUS, DataTypes.StringType, false)
          .add(Ledger.ATTEMPTS, DataTypes.IntegerType, false)
          .add(FINISHED_MS, DataTypes.LongType, false)
          .add(Ledger.DETAIL, DataTypes.StringType, false);

  private final WebhookExecutor.Settings webhook;

  ExecutePartition(WebhookExecutor.Settings webhook) {
    this.webhook = webhook;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    TaskContext task = TaskContext.get();
    boolean retry = task != null && (task.attemptNumber() > 0 || task.stageAttemptNumber() > 0);
    return new Iterator<>() {
      private WebhookExecutor poster;

      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row row = rows.next();
        String id = row.getAs(Ledger.DECISION_ID);
        Outcome outcome = retry ? notRetried() : execute(id, row);
        return RowFactory.create(
            id, outcome.status(), outcome.attempts(), System.currentTimeMillis(), outcome.detail());
      }

      private Outcome execute(String id, Row row) {
        String executor = row.getAs(Ledger.EXECUTOR);
        if (WebhookExecutor.NAME.equals(executor)) {
          if (poster == null) {
            poster = new WebhookExecutor(webhook);
          }
          return poster.post(id, row.getAs(BODY));
        }
        return LogExecutor.execute(
            id,
            row.getAs(Ledger.ACTION),
            row.getAs(Columns.ENTITY_KIND),
            row.getAs(Columns.ENTITY),
            row.<Double>getAs(Columns.SCORE));
      }
    };
  }

  private static Outcome notRetried() {
    return Outcome.failed(
        0,
        "not executed: the Spark task was retried and an earlier attempt may already have run it;"
            + " act again on a new decision if needed");
  }
}
