package io.autoops.pipelines.act;

import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.conf.AutoopsConf;
import io.delta.tables.DeltaTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Stage 6, act: reads {@code ops/decisions} as a Delta stream, maps decisions to actions with the
 * {@link ActionPolicy}, carries each out at most once through its executor ({@code log} or {@code
 * webhook}) and records what happened in the {@code ops/actions} ledger (see {@link ActBatch} for
 * how at-most-once holds across crashes and restarts).
 *
 * <p>With {@code spark.autoops.act.trigger=available-now} (the default) the job acts on every
 * decision not yet seen by its checkpoint ({@code <checkpoints>/act}) and returns; with an interval
 * such as {@code 30 seconds} it keeps running until the query is stopped.
 */
public final class ActJob {
  private static final Logger LOG = LogManager.getLogger(ActJob.class);

  /** Name of the streaming query and of its checkpoint folder. */
  public static final String QUERY = "act";

  private ActJob() {}

  /**
   * Runs the act stage.
   *
   * @return rows in = decisions read; rows out = ledger rows added (acted plus skipped); figures
   *     {@code eligible}, {@code acted}, {@code succeeded}, {@code failed}, {@code skipped}
   * @throws AutoopsException when the policy is bad, the decisions table is missing, or the query
   *     fails
   */
  public static StageReport run(SparkSession spark, AutoopsConf conf) {
    long start = System.nanoTime();
    String decisionsPath = conf.table("ops/decisions");
    String ledgerPath = conf.table("ops/actions");
    ActionPolicy policy = ActionPolicy.load(spark, conf);
    WebhookExecutor.Settings webhook = WebhookExecutor.Settings.of(conf);
    if (!DeltaTable.isDeltaTable(spark, decisionsPath)) {
      throw new AutoopsException(
          "No decisions table at "
              + decisionsPath
              + ": run the score stage first, or check "
              + AutoopsConf.WAREHOUSE.key()
              + ".");
    }
    Ledger.ensure(spark, ledgerPath);

    String runId = UUID.randomUUID().toString();
    ActBatch batch =
        new ActBatch(
            spark,
            policy,
            webhook,
            decisionsPath,
            ledgerPath,
            conf.checkpoint(QUERY + "-staging"),
            runId);
    String trigger = conf.get(AutoopsConf.ACT_TRIGGER);
    try {
      StreamingQuery query =
          spark
              .readStream()
              .format("delta")
              .load(decisionsPath)
              .writeStream()
              .queryName(QUERY)
              .option("checkpointLocation", conf.checkpoint(QUERY))
              .trigger(
                  trigger.equals("available-now")
                      ? Trigger.AvailableNow()
                      : Trigger.ProcessingTime(trigger))
              .foreachBatch(batch)
              .start();
      query.awaitTermination();
    } catch (StreamingQueryException e) {
      if (e.getCause() instanceof AutoopsException cause) {
        throw cause;
      }
      throw new AutoopsException(
          "The act query over "
              + decisionsPath
              + " failed ("
              + e.getCause().getClass().getSimpleName()
              + "); decisions it claimed stay in "
              + ledgerPath
              + " and are not executed again: fix the cause and run act again.",
          e);
    } catch (TimeoutException e) {
      throw new AutoopsException(
          "The act query over " + decisionsPath + " did not start: " + e.getMessage(), e);
    }

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("eligible", batch.eligible.get());
    figures.put("acted", batch.acted.get());
    figures.put("succeeded", batch.succeeded.get());
    figures.put("failed", batch.failed.get());
    figures.put("skipped", batch.skipped.get());
    double seconds = (System.nanoTime() - start) / 1e9;
    StageReport report =
        new StageReport(
            QUERY,
            ledgerPath,
            batch.read.get(),
            batch.acted.get() + batch.skipped.get(),
            figures,
            seconds);
    LOG.info(
        "act {}: read {} decisions, eligible {}, acted {} (succeeded {}, failed {}), skipped {}"
            + " by cooldown, in {} s{}",
        ledgerPath,
        batch.read.get(),
        batch.eligible.get(),
        batch.acted.get(),
        batch.succeeded.get(),
        batch.failed.get(),
        batch.skipped.get(),
        String.format(java.util.Locale.ROOT, "%.1f", seconds),
        policy.usesWebhook() ? "; webhook " + webhook.target() : "");
    return report;
  }
}
