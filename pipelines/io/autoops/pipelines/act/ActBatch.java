package io.autoops.pipelines.act;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.autoops.transforms.Columns;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Acts on one micro-batch of {@code ops/decisions}, in four steps that keep every decision's
 * execution at most once:
 *
 * <ol>
 *   <li><b>Plan</b>: keep anomalous decisions that a policy rule matches at or above its minimum
 *       score and that have no ledger row yet; apply the cooldown per entity and action (earlier
 *       ledger rows included) on executors; write the plan to a staging folder.
 *   <li><b>Claim</b>: MERGE the plan into the ledger, inserting only decisions without a row:
 *       {@code claimed} rows carry this run's and batch's token, skipped ones their reason.
 *   <li><b>Execute</b>: the ledger rows claimed with this token, and only those, go through the
 *       executors inside a {@code mapPartitions} on Spark executors; the outcomes are written to
 *       the staging folder in the same single pass, so nothing is executed twice by re-evaluation.
 *   <li><b>Record</b>: MERGE the outcomes over the claimed rows.
 * </ol>
 *
 * A batch replayed after a crash finds its decisions in the ledger and executes none of them; a
 * crash between claim and record leaves rows {@code claimed}, which are never executed again.
 *
 * <p>The staging folder ({@code <checkpoints>/act-staging}) holds the plan and outcomes of the
 * latest batch only; each batch overwrites them.
 *
 * <p>Runs on the driver (it is the query's {@code foreachBatch} function); keeps running totals.
 */
final class ActBatch implements VoidFunction2<Dataset<Row>, Long> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LogManager.getLogger(ActBatch.class);

  /** Statuses of earlier ledger rows that start a cooldown. */
  static final List<String> COOLDOWN_STATUSES = List.of(Ledger.CLAIMED, Ledger.SUCCEEDED);

  private static final Map<String, String> JSON_OPTIONS =
      Map.of("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "ignoreNullFields", "false");

  private static final String RULE = "_rule";

  /** Name of the body field holding the action the policy chose. */
  static final String POLICY_ACTION = "policy_action";

  /** The columns of {@code ops/decisions}, in the order the webhook body shows them. */
  static final List<String> DECISION_COLUMNS =
      List.of(
          Columns.DECISION_ID,
          Columns.FORMAT,
          Columns.ENTITY_KIND,
          Columns.ENTITY,
          Columns.COMPONENT,
          Columns.WINDOW_START,
          Columns.WINDOW_END,
          Columns.GBT_PROBABILITY,
          Columns.KMEANS_DISTANCE,
          Columns.SCORE,
          Columns.ANOMALOUS,
          Columns.ACTION,
          Columns.MODEL_VERSIONS,
          Columns.REASON,
          Columns.CREATED_AT);

  private final transient SparkSession spark;
  private final ActionPolicy policy;
  private final WebhookExecutor.Settings webhook;
  private final String decisionsPath;
  private final String ledgerPath;
  private final String stagingRoot;
  private final String runId;

  final AtomicLong read = new AtomicLong();
  final AtomicLong eligible = new AtomicLong();
  final AtomicLong acted = new AtomicLong();
  final AtomicLong succeeded = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong skipped = new AtomicLong();

  ActBatch(
      SparkSession spark,
      ActionPolicy policy,
      WebhookExecutor.Settings webhook,
      String decisionsPath,
      String ledgerPath,
      String stagingRoot,
      String runId) {
    this.spark = spark;
    this.policy = policy;
    this.webhook = webhook;
    this.decisionsPath = decisionsPath;
    this.ledgerPath = ledgerPath;
    this.stagingRoot = stagingRoot;
    this.runId = runId;
  }

  @Override
  public void call(Dataset<Row> batch, Long batchId) {
    long start = System.nanoTime();
    String token = "claimed by run " + runId + " batch " + batchId + "; outcome pending";
    try {
      describe(batchId, "count decisions");
      long batchRead = batch.count();
      read.addAndGet(batchRead);

      describe(batchId, "plan");
      Dataset<Row> candidates = candidates(batch);
      Dataset<Row> planned = plan(candidates);
      String planPath = stagingRoot + "/plan";
      planned.write().mode("overwrite").parquet(planPath);
      Dataset<Row> plan = spark.read().parquet(planPath);
      Map<String, Long> planCounts = countBy(plan, PlanGroup.PLANNED);
      long batchEligible = planCounts.values().stream().mapToLong(Long::longValue).sum();
      eligible.addAndGet(batchEligible);
      if (batchEligible == 0) {
        LOG.debug("act batch {}: {} decisions read, none to act on", batchId, batchRead);
        return;
      }

      describe(batchId, "claim");
      Ledger.insertNew(spark, ledgerPath, ledgerRows(plan, token));
      skipped.addAndGet(planCounts.getOrDefault(Ledger.SKIPPED_COOLDOWN, 0L));

      describe(batchId, "execute");
      Dataset<Row> claimed =
          Ledger.read(spark, ledgerPath)
              .filter(
                  col(Ledger.STATUS).equalTo(Ledger.CLAIMED).and(col(Ledger.DETAIL).equalTo(token)))
              .select(Ledger.DECISION_ID)
              .join(plan, Ledger.DECISION_ID);
      String outcomesPath = stagingRoot + "/outcomes";
      claimed
          .mapPartitions(new ExecutePartition(webhook), Encoders.row(ExecutePartition.OUTPUT))
          .write()
          .mode("overwrite")
          .parquet(outcomesPath);

      describe(batchId, "record outcomes");
      Dataset<Row> outcomes =
          spark
              .read()
              .parquet(outcomesPath)
              .withColumn(Ledger.FINISHED_AT, timestamp_millis(col(ExecutePartition.FINISHED_MS)))
              .drop(ExecutePartition.FINISHED_MS);
      Ledger.recordOutcomes(spark, ledgerPath, outcomes, token);
      Map<String, Long> outcomeCounts = countBy(outcomes, Ledger.STATUS);
      long batchActed = outcomeCounts.values().stream().mapToLong(Long::longValue).sum();
      acted.addAndGet(batchActed);
      succeeded.addAndGet(outcomeCounts.getOrDefault(Ledger.SUCCEEDED, 0L));
      failed.addAndGet(outcomeCounts.getOrDefault(Ledger.FAILED, 0L));
      LOG.debug(
          "act batch {}: read {}, eligible {}, acted {} {}, skipped {} in {} s",
          batchId,
          batchRead,
          batchEligible,
          batchActed,
          outcomeCounts,
          planCounts.getOrDefault(Ledger.SKIPPED_COOLDOWN, 0L),
          (System.nanoTime() - start) / 1e9);
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
  }

  /**
   * Decisions of the batch to consider: anomalous, not marked {@code none}, matched by a rule at or
   * above its minimum score, and not yet in the ledger; with the rule's action, executor and
   * cooldown, the JSON body and the {@code window_end} in microseconds.
   */
  Dataset<Row> candidates(Dataset<Row> batch) {
    Dataset<Row> matched =
        batch
            .filter(
                coalesce(col(Columns.ANOMALOUS), lit(false))
                    .and(coalesce(col(Columns.ACTION), lit("")).notEqual("none")))
            .withColumn(RULE, policy.firstMatch())
            .filter(col(RULE).isNotNull().and(col(Columns.SCORE).geq(col(RULE + ".min_score"))))
            .dropDuplicates(Columns.DECISION_ID);
    Dataset<Row> fresh =
        matched.join(Ledger.read(spark, ledgerPath), Columns.DECISION_ID, "left_anti");
    return fresh.select(
        col(Columns.DECISION_ID),
        col(RULE + "." + Ledger.ACTION).as(Ledger.ACTION),
        col(RULE + "." + Ledger.EXECUTOR).as(Ledger.EXECUTOR),
        col(Columns.ENTITY_KIND),
        col(Columns.ENTITY),
        col(Columns.SCORE),
        unix_micros(col(Columns.WINDOW_END)).as(PlanGroup.END_US),
        col(RULE + ".cooldown_seconds").as(PlanGroup.COOLDOWN_S),
        to_json(struct(body()), JSON_OPTIONS).as(ExecutePartition.BODY));
  }

  /** The fields of the webhook body: the decision's columns and the policy's action name. */
  private static Column[] body() {
    List<Column> fields = new java.util.ArrayList<>();
    for (String name : DECISION_COLUMNS) {
      fields.add(col(name));
    }
    fields.add(col(RULE + "." + Ledger.ACTION).as(POLICY_ACTION));
    return fields.toArray(Column[]::new);
  }

  /** Adds each candidate's planned status after the cooldown, computed per entity and action. */
  Dataset<Row> plan(Dataset<Row> candidates) {
    if (!policy.hasCooldown()) {
      return candidates
          .withColumn(PlanGroup.PLANNED, lit(Ledger.CLAIMED))
          .withColumn(PlanGroup.SKIP_DETAIL, lit(null).cast("string"));
    }
    List<String> key = List.of(Columns.ENTITY_KIND, Columns.ENTITY, Ledger.ACTION);
    Dataset<Row> decisions =
        spark
            .read()
            .format("delta")
            .load(decisionsPath)
            .select(Columns.DECISION_ID, Columns.ENTITY_KIND, Columns.ENTITY, Columns.WINDOW_END);
    Dataset<Row> prior =
        Ledger.read(spark, ledgerPath)
            .filter(col(Ledger.STATUS).isin(COOLDOWN_STATUSES.toArray()))
            .select(Ledger.DECISION_ID, Ledger.ACTION)
            .join(decisions, Ledger.DECISION_ID)
            .join(candidates.select(seq(key)).distinct(), toSeq(key), "left_semi")
            .groupBy(seq(key))
            .agg(
                collect_list(
                        struct(
                            unix_micros(col(Columns.WINDOW_END)).as("end_us"),
                            col(Ledger.DECISION_ID)))
                    .as(PlanGroup.PRIOR));
    Dataset<Row> withPrior = candidates.join(prior, toSeq(key), "left");
    MapFunction<Row, String> groupKey =
        row ->
            row.getAs(Columns.ENTITY_KIND)
                + "\u0000"
                + row.getAs(Columns.ENTITY)
                + "\u0000"
                + row.getAs(Ledger.ACTION);
    return withPrior
        .groupByKey(groupKey, Encoders.STRING())
        .flatMapGroups(
            new PlanGroup(withPrior.schema()), Encoders.row(PlanGroup.output(withPrior.schema())));
  }

  /** The plan as ledger rows: claimed ones with the token, skipped ones finished with a reason. */
  static Dataset<Row> ledgerRows(Dataset<Row> plan, String token) {
    Column isClaimed = col(PlanGroup.PLANNED).equalTo(Ledger.CLAIMED);
    return plan.select(
        col(Ledger.DECISION_ID),
        col(Ledger.ACTION),
        col(Ledger.EXECUTOR),
        col(PlanGroup.PLANNED).as(Ledger.STATUS),
        lit(0).as(Ledger.ATTEMPTS),
        when(isClaimed, lit(null).cast("timestamp"))
            .otherwise(current_timestamp())
            .as(Ledger.FINISHED_AT),
        when(isClaimed, lit(token)).otherwise(col(PlanGroup.SKIP_DETAIL)).as(Ledger.DETAIL));
  }

  private static Map<String, Long> countBy(Dataset<Row> rows, String column) {
    // At most four statuses: a tiny result.
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (Row row : rows.groupBy(column).count().collectAsList()) {
      counts.put(row.getString(0), row.getLong(1));
    }
    return counts;
  }

  private void describe(long batchId, String step) {
    spark.sparkContext().setJobDescription("act batch " + batchId + ": " + step);
  }

  private static Column[] seq(List<String> names) {
    return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }

  private static scala.collection.immutable.Seq<String> toSeq(List<String> names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(names).toSeq();
  }
}
