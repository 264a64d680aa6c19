package io.autoops.pipelines.features;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import io.autoops.pipelines.DeltaVersions;
import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.Tables;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.pipelines.ingest.LogFormats;
import io.autoops.transforms.Columns;
import io.autoops.transforms.features.FeatureSpec;
import io.autoops.transforms.features.Features;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Stage 3: builds {@code gold/features} from {@code silver/events} in batch, one row per format,
 * entity and window (see {@link Features}), with {@code label} = the entity's label from {@code
 * silver/labels} where there is one, else the greatest line label of the window.
 *
 * <p>The table is rebuilt whole on each run (a session window can grow with new events). Each write
 * records in its commit's {@code userMetadata} the input versions and window settings it was built
 * from ({@link #sourceMarker}); a run whose marker equals the last one writes nothing.
 */
public final class FeaturesJob {
  private static final Logger LOG = LogManager.getLogger(FeaturesJob.class);

  private FeaturesJob() {}

  /**
   * Builds {@code gold/features} unless it is already built from the current input.
   *
   * @return rowsIn = events read, rowsOut = feature rows written (0 when skipped); figures {@code
   *     skipped}, {@code events_version}
   * @throws io.autoops.pipelines.AutoopsException when {@code silver/events} does not exist
   */
  public static StageReport run(SparkSession spark, AutoopsConf conf) {
    long started = System.nanoTime();
    String eventsPath = conf.table(Tables.EVENTS);
    String labelsPath = conf.table(Tables.LABELS);
    String featuresPath = conf.table(Tables.FEATURES);
    long eventsVersion = DeltaVersions.latest(spark, eventsPath, "ingest");
    long labelsVersion =
        DeltaVersions.exists(spark, labelsPath)
            ? DeltaVersions.latest(spark, labelsPath, "ingest")
            : -1L;
    List<String> sessionFormats = sessionFormats(LogFormats.load(spark, conf));
    String marker = sourceMarker(conf, sessionFormats, eventsVersion, labelsVersion);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("events_version", eventsVersion);

    if (DeltaVersions.lastUserMetadata(spark, featuresPath).filter(marker::equals).isPresent()) {
      figures.put("skipped", true);
      double seconds = Math.round((System.nanoTime() - started) / 1e8) / 10.0;
      LOG.info(
          "features {}: unchanged input ({}), wrote nothing in {}s", featuresPath, marker, seconds);
      return new StageReport("features", featuresPath, 0, 0, figures, seconds);
    }

    spark.sparkContext().setJobDescription("features: " + eventsPath + " -> " + featuresPath);
    Dataset<Row> events =
        spark.read().format("delta").option("versionAsOf", eventsVersion).load(eventsPath);
    Dataset<Row> labels =
        labelsVersion < 0
            ? null
            : spark.read().format("delta").option("versionAsOf", labelsVersion).load(labelsPath);
    Dataset<Row> features = build(events, labels, conf, sessionFormats);
    features
        .write()
        .format("delta")
        .mode("overwrite")
        .option("overwriteSchema", "true")
        .option("userMetadata", marker)
        .save(featuresPath);
    long rowsOut = DeltaVersions.lastOutputRows(spark, featuresPath);
    long rowsIn = events.count();
    spark.sparkContext().setJobDescription(null);
    figures.put("skipped", false);
    double seconds = Math.round((System.nanoTime() - started) / 1e8) / 10.0;
    LOG.info(
        "features {}: {} events ({}) -> {} feature rows in {}s",
        featuresPath,
        rowsIn,
        marker,
        rowsOut,
        seconds);
    return new StageReport("features", featuresPath, rowsIn, rowsOut, figures, seconds);
  }

  /**
   * The feature rows of a batch of {@code events}: session windows for the formats whose format
   * file says {@code "window": "session"}, tumbling windows for the others; with {@code labels}
   * (may be null) joined on format and entity.
   *
   * @param sessionFormats the formats cut into sessions ({@link #sessionFormats})
   */
  public static Dataset<Row> build(
      Dataset<Row> events, Dataset<Row> labels, AutoopsConf conf, List<String> sessionFormats) {
    Column isSession = col(Columns.FORMAT).isin(sessionFormats.toArray());
    Dataset<Row> windows =
        Features.transform(
                events.filter(isSession),
                FeatureSpec.session(conf.get(AutoopsConf.FEATURES_SESSION_GAP)))
            .unionByName(
                Features.transform(
                    events.filter(not(isSession)),
                    FeatureSpec.tumbling(conf.get(AutoopsConf.FEATURES_WINDOW))));
    return withLabels(windows, labels);
  }

  /**
   * {@code windows} with {@code label} = the entity's label in {@code labels} where there is one,
   * else the window's own; {@code labels} null leaves them as they are.
   */
  public static Dataset<Row> withLabels(Dataset<Row> windows, Dataset<Row> labels) {
    if (labels == null) {
      return windows;
    }
    Dataset<Row> entityLabels =
        labels.select(
            col(Columns.FORMAT).as("l_format"),
            col(Columns.ENTITY).as("l_entity"),
            col(Columns.LABEL).cast("int").as("l_label"));
    Column on =
        col(Columns.FORMAT)
            .equalTo(col("l_format"))
            .and(col(Columns.ENTITY).equalTo(col("l_entity")));
    return windows
        .join(entityLabels, on, "left")
        .withColumn(Columns.LABEL, coalesce(col("l_label"), col(Columns.LABEL)))
        .select(Features.COLUMNS.stream().map(c -> col(c)).toArray(Column[]::new));
  }

  /** The names of the formats cut into session windows. */
  public static List<String> sessionFormats(LogFormats formats) {
    return formats.names().stream()
        .filter(name -> FeatureSpec.SESSION.equals(formats.get(name).window()))
        .toList();
  }

  /**
   * The window spec of {@code format}: a session when its format file says so, else tumbling; with
   * {@code watermark} (may be empty).
   */
  public static FeatureSpec specFor(
      LogFormats formats, AutoopsConf conf, String format, String watermark) {
    FeatureSpec spec =
        sessionFormats(formats).contains(format)
            ? FeatureSpec.session(conf.get(AutoopsConf.FEATURES_SESSION_GAP))
            : FeatureSpec.tumbling(conf.get(AutoopsConf.FEATURES_WINDOW));
    return spec.withWatermark(watermark);
  }

  /**
   * The version of {@code table} ({@code silver/events} or {@code silver/labels}) that a {@link
   * #sourceMarker} names, if it names one.
   */
  public static Optional<Long> sourceVersion(String marker, String table) {
    String prefix = table + "@v";
    for (String part : marker.split(",")) {
      if (part.startsWith(prefix)) {
        try {
          return Optional.of(Long.parseLong(part.substring(prefix.length())));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** What {@code gold/features} is built from, as recorded in its commit's user metadata. */
  static String sourceMarker(
      AutoopsConf conf, List<String> sessionFormats, long eventsVersion, long labelsVersion) {
    return Tables.EVENTS
        + "@v"
        + eventsVersion
        + ","
        + Tables.LABELS
        + "@v"
        + labelsVersion
        + ",window="
        + conf.get(AutoopsConf.FEATURES_WINDOW)
        + ",session-gap="
        + conf.get(AutoopsConf.FEATURES_SESSION_GAP)
        + ",session-formats="
        + String.join("|", sessionFormats);
  }
}
