package io.autoops.pipelines.score;

import static org.apache.spark.sql.functions.col;

import io.autoops.models.Decisions;
import io.autoops.models.ModelCard;
import io.autoops.models.ModelRegistry;
import io.autoops.models.ModelRegistryException;
import io.autoops.models.Models;
import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.DeltaVersions;
import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.Tables;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.pipelines.features.FeaturesJob;
import io.autoops.pipelines.ingest.LogFormats;
import io.autoops.pipelines.train.TrainJob;
import io.autoops.transforms.Columns;
import io.autoops.transforms.features.Features;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Stage 5: Structured Streaming from {@code silver/events} (Delta source) to {@code ops/decisions},
 * one query per format that has models, each with its own watermark ({@link
 * AutoopsConf#FEATURES_WATERMARK}) and checkpoint ({@code conf.checkpoint("score-<format>")}). A
 * query cuts events into windows with {@link Features#transform} (the training definition), and
 * each micro-batch of closed windows goes through {@link DecisionSink}.
 *
 * <p>The models are resolved once when the queries start ({@link AutoopsConf#SCORE_MODEL_VERSION}:
 * the newest version, or the given number for every model); a model trained later is picked up by
 * the next run. Windows still open when an available-now run ends are decided by a later run.
 */
public final class ScoreJob {
  private static final Logger LOG = LogManager.getLogger(ScoreJob.class);

  private ScoreJob() {}

  /**
   * Runs the score queries: until the events present at start are consumed ({@code available-now}),
   * or until the queries are stopped (a processing-time trigger).
   *
   * @return rowsIn = events read by the queries, rowsOut = decisions added; figure {@code formats}
   * @throws AutoopsException when {@code silver/events} is missing, no model is registered, or a
   *     model cannot be read
   */
  public static StageReport run(SparkSession spark, AutoopsConf conf) {
    long started = System.nanoTime();
    String decisionsPath = conf.table(Tables.DECISIONS);
    long before = DeltaVersions.exists(spark, decisionsPath) ? count(spark, decisionsPath) : 0;
    List<StreamingQuery> queries = start(spark, conf);
    long rowsIn = 0;
    List<String> formats = new ArrayList<>();
    try {
      for (StreamingQuery query : queries) {
        query.awaitTermination();
      }
    } catch (StreamingQueryException e) {
      queries.forEach(ScoreJob::stopQuietly);
      throw new AutoopsException(
          "Score query failed: " + e.getMessage() + " (see the log; fix, then run score again).",
          e);
    } finally {
      for (StreamingQuery query : queries) {
        formats.add(query.name());
        for (StreamingQueryProgress progress : query.recentProgress()) {
          rowsIn += progress.numInputRows();
        }
      }
    }
    long rowsOut = count(spark, decisionsPath) - before;
    double seconds = Math.round((System.nanoTime() - started) / 1e8) / 10.0;
    LOG.info(
        "score {}: {} events -> {} new decisions ({}) in {}s",
        decisionsPath,
        rowsIn,
        rowsOut,
        formats,
        seconds);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("formats", String.join(",", formats));
    return new StageReport("score", decisionsPath, rowsIn, rowsOut, figures, seconds);
  }

  /**
   * Starts one query per format that has a k-means model, named {@code score-<format>}; the caller
   * awaits or stops them.
   */
  public static List<StreamingQuery> start(SparkSession spark, AutoopsConf conf) {
    LogFormats logFormats = LogFormats.load(spark, conf);
    String eventsPath = conf.table(Tables.EVENTS);
    DeltaVersions.latest(spark, eventsPath, "ingest");
    ModelRegistry registry = TrainJob.registry(spark, conf);
    TreeSet<String> formats = new TreeSet<>();
    for (String name : registry.names()) {
      if (name.endsWith("-" + Models.KMEANS)) {
        formats.add(name.substring(0, name.length() - Models.KMEANS.length() - 1));
      }
    }
    if (formats.isEmpty()) {
      throw new AutoopsException(
          "No model registered under "
              + conf.table(TrainJob.REGISTRY)
              + ": run train first (it needs gold/features).");
    }
    String decisionsPath = conf.table(Tables.DECISIONS);
    if (!DeltaVersions.exists(spark, decisionsPath)) {
      spark
          .createDataFrame(List.of(), Decisions.SCHEMA)
          .write()
          .format("delta")
          .partitionBy(Columns.FORMAT)
          .save(decisionsPath);
    }
    List<StreamingQuery> queries = new ArrayList<>();
    try {
      for (String format : formats) {
        DecisionSink sink =
            new DecisionSink(
                decisionsPath,
                format,
                logFormats.names().contains(format)
                    ? logFormats.get(format).entityKind()
                    : "entity",
                optionalScorer(registry, conf, format + "-" + Models.GBT),
                scorer(registry, conf, format + "-" + Models.KMEANS));
        queries.add(startQuery(spark, conf, logFormats, format, sink));
      }
    } catch (RuntimeException | TimeoutException e) {
      queries.forEach(ScoreJob::stopQuietly);
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new AutoopsException("Score query did not start: " + e.getMessage(), e);
    }
    return queries;
  }

  private static StreamingQuery startQuery(
      SparkSession spark, AutoopsConf conf, LogFormats logFormats, String format, DecisionSink sink)
      throws TimeoutException {
    Dataset<Row> events =
        spark
            .readStream()
            .format("delta")
            .load(conf.table(Tables.EVENTS))
            .filter(col(Columns.FORMAT).equalTo(format));
    Dataset<Row> windows =
        Features.transform(
            events,
            FeaturesJob.specFor(
                logFormats, conf, format, conf.get(AutoopsConf.FEATURES_WATERMARK)));
    String trigger = conf.get(AutoopsConf.SCORE_TRIGGER);
    VoidFunction2<Dataset<Row>, Long> perBatch =
        (batch, batchId) -> sink.write(batch, batchId, appId(batch.sparkSession(), format));
    return windows
        .writeStream()
        .queryName("score-" + format)
        .outputMode("append")
        .option("checkpointLocation", conf.checkpoint("score-" + format))
        .trigger(
            "available-now".equals(trigger)
                ? Trigger.AvailableNow()
                : Trigger.ProcessingTime(trigger))
        .foreachBatch(perBatch)
        .start();
  }

  /**
   * The Delta transaction id of a score query: its format and the id of the query, which its
   * checkpoint keeps across restarts (a new checkpoint starts batch ids at 0 under a new id).
   */
  static String appId(SparkSession spark, String format) {
    String queryId = spark.sparkContext().getLocalProperty("sql.streaming.queryId");
    return "autoops-score-" + format + "-" + (queryId == null ? "noquery" : queryId);
  }

  private static Decisions.Scorer scorer(ModelRegistry registry, AutoopsConf conf, String name) {
    String wanted = conf.get(AutoopsConf.SCORE_MODEL_VERSION);
    int version;
    if ("latest".equals(wanted)) {
      OptionalInt latest = registry.latestVersion(name);
      if (latest.isEmpty()) {
        throw new AutoopsException(
            "No registered version of model "
                + name
                + " under "
                + registry.versionPath(name, 1)
                + "/..: run train first.");
      }
      version = latest.getAsInt();
    } else {
      version = Integer.parseInt(wanted);
    }
    try {
      ModelCard card = registry.card(name, version);
      return new Decisions.Scorer(card, registry.load(card));
    } catch (ModelRegistryException e) {
      throw new AutoopsException(
          "Model "
              + name
              + " v"
              + version
              + " at "
              + registry.versionPath(name, version)
              + " cannot be read ("
              + e.getMessage()
              + "): run train first, or set "
              + AutoopsConf.SCORE_MODEL_VERSION.key()
              + " to a registered version (now '"
              + wanted
              + "').",
          e);
    }
  }

  private static Optional<Decisions.Scorer> optionalScorer(
      ModelRegistry registry, AutoopsConf conf, String name) {
    return registry.latestVersion(name).isPresent()
        ? Optional.of(scorer(registry, conf, name))
        : Optional.empty();
  }

  private static long count(SparkSession spark, String path) {
    return spark.read().format("delta").load(path).count();
  }

  private static void stopQuietly(StreamingQuery query) {
    try {
      query.stop();
    } catch (TimeoutException e) {
      LOG.warn("score query {} did not stop in time: {}", query.name(), e.getMessage());
    }
  }
}
