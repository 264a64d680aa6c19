package io.autoops.pipelines.train;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.autoops.models.ModelCard;
import io.autoops.models.ModelRegistry;
import io.autoops.pipelines.DeltaVersions;
import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.Tables;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.pipelines.features.FeaturesJob;
import io.delta.tables.DeltaTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Whether {@code silver/events} (or {@code silver/labels}, or {@code gold/features}) holds data
 * that the newest registered models were not trained on, decided from Delta metadata alone: no
 * table data is read.
 *
 * <p>The chain it follows: each model's newest card names the {@code gold/features} version it was
 * trained on; that commit's {@code userMetadata} (written by {@link
 * io.autoops.pipelines.features.FeaturesJob}, such as {@code
 * silver/events@v3,silver/labels@v-1,...}) names the {@code silver/events} and {@code
 * silver/labels} versions the features were built from. Ingest commits a Delta version only when it
 * adds rows, so a newer table version means new data.
 *
 * <p>Training is pending when there are events but no model yet, when any model's input chain is
 * older than the current tables, or when that chain cannot be read (features history cleaned up,
 * features table moved): then training decides itself, and skips what is unchanged. A change of the
 * window or training settings alone is not new data; run {@code features} and {@code train} by hand
 * after one.
 */
public final class PendingCheck {
  /** Figure of the report: whether training has new input. */
  public static final String PENDING = "pending";

  private static final Logger LOG = LogManager.getLogger(PendingCheck.class);

  private PendingCheck() {}

  /**
   * Checks the warehouse of {@code conf}.
   *
   * @return a report on {@code silver/events} with {@code rowsOut} = events added after the oldest
   *     training input of the newest models (all events when there is no model or it is unknown),
   *     and the figures {@code pending}, {@code reason} ({@code up-to-date}, {@code no-model},
   *     {@code new-events}, {@code new-labels}, {@code features-rebuilt}, {@code input-unknown}),
   *     {@code events_version}, {@code trained_events_version} (the oldest among the models; -1
   *     when unknown or no model) and {@code models} (the newest cards, {@code name:vN})
   * @throws io.autoops.pipelines.AutoopsException when {@code silver/events} does not exist
   */
  public static StageReport run(SparkSession spark, AutoopsConf conf) {
    long started = System.nanoTime();
    String eventsPath = conf.table(Tables.EVENTS);
    String labelsPath = conf.table(Tables.LABELS);
    String featuresPath = conf.table(Tables.FEATURES);
    spark.sparkContext().setJobDescription("pending: Delta history of " + eventsPath);
    long eventsVersion = DeltaVersions.latest(spark, eventsPath, "ingest");
    long labelsVersion = DeltaVersions.version(spark, labelsPath);
    long featuresVersion = DeltaVersions.version(spark, featuresPath);

    ModelRegistry registry = TrainJob.registry(spark, conf);
    List<ModelCard> cards = new ArrayList<>();
    for (String name : registry.names()) {
      registry.latest(name).ifPresent(cards::add);
    }

    String reason = null;
    String behindModel = "-";
    long trainedEvents = Long.MAX_VALUE;
    Map<String, Optional<String>> markers = new LinkedHashMap<>();
    for (ModelCard card : cards) {
      String key = card.trainingTable() + "@v" + card.trainingVersion();
      Optional<String> marker =
          markers.computeIfAbsent(
              key,
              k -> DeltaVersions.userMetadata(spark, card.trainingTable(), card.trainingVersion()));
      Optional<Long> events = marker.flatMap(m -> FeaturesJob.sourceVersion(m, Tables.EVENTS));
      Optional<Long> labels = marker.flatMap(m -> FeaturesJob.sourceVersion(m, Tables.LABELS));
      if (events.isPresent()) {
        trainedEvents = Math.min(trainedEvents, events.get());
      }
      if (reason == null) {
        reason =
            behind(
                card, events, labels, eventsVersion, labelsVersion, featuresPath, featuresVersion);
        behindModel = reason == null ? "-" : card.tag();
      }
    }
    if (cards.isEmpty()) {
      reason = "no-model";
    }
    long known = trainedEvents == Long.MAX_VALUE ? -1L : trainedEvents;
    long newEvents = rowsAddedAfter(spark, eventsPath, known);

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put(PENDING, reason != null);
    figures.put("reason", reason == null ? "up-to-date" : reason);
    figures.put("events_version", eventsVersion);
    figures.put("trained_events_version", known);
    figures.put("models", cards.isEmpty() ? "-" : String.join(",", tags(cards)));
    spark.sparkContext().setJobDescription(null);
    double seconds = Math.round((System.nanoTime() - started) / 1e8) / 10.0;
    LOG.info(
        "pending {}@v{}: {} (model {}; {} events since v{}; models {}) in {}s",
        eventsPath,
        eventsVersion,
        reason == null ? "up-to-date" : reason,
        behindModel,
        newEvents,
        known,
        figures.get("models"),
        seconds);
    return new StageReport("pending", eventsPath, 0, newEvents, figures, seconds);
  }

  /** Whether {@code report} (of {@link #run}) says that training has new input. */
  public static boolean isPending(StageReport report) {
    return Boolean.TRUE.equals(report.figures().get(PENDING));
  }

  /**
   * Why {@code card}'s training input is older than the tables ({@code input-unknown}, {@code
   * new-events}, {@code new-labels}, {@code features-rebuilt}), or null when it is not.
   */
  private static String behind(
      ModelCard card,
      Optional<Long> events,
      Optional<Long> labels,
      long eventsVersion,
      long labelsVersion,
      String featuresPath,
      long featuresVersion) {
    if (events.isEmpty() || labels.isEmpty()) {
      return "input-unknown";
    }
    if (events.get() < eventsVersion) {
      return "new-events";
    }
    if (labels.get() < labelsVersion) {
      return "new-labels";
    }
    if (card.trainingTable().equals(featuresPath) && card.trainingVersion() < featuresVersion) {
      return "features-rebuilt";
    }
    return null;
  }

  /** Rows the commits after {@code version} added to {@code table}, from their metrics. */
  private static long rowsAddedAfter(SparkSession spark, String table, long version) {
    Row total =
        DeltaTable.forPath(spark, table)
            .history()
            .filter(col("version").gt(version))
            .select(
                sum(
                    coalesce(
                            col("operationMetrics").getItem("numTargetRowsInserted"),
                            col("operationMetrics").getItem("numOutputRows"),
                            lit("0"))
                        .cast("long")))
            .head();
    return total.isNullAt(0) ? 0L : total.getLong(0);
  }

  private static List<String> tags(List<ModelCard> cards) {
    return cards.stream().map(ModelCard::tag).toList();
  }
}
