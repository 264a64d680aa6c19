package io.autoops.pipelines.templates;

import static org.apache.spark.sql.functions.col;

import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.transforms.Columns;
import io.autoops.transforms.templates.GroupingAccuracy;
import io.delta.tables.DeltaTable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Evaluates the templates that ingest gave one source file against a ground truth: a structured CSV
 * in the loghub format (a header with {@code LineId} and {@code EventId}; quotes doubled inside
 * quoted fields), such as {@code HDFS_2k.log_structured.csv}. Events of the source are joined to
 * the truth by {@code line_number = LineId} and scored with {@link GroupingAccuracy} over the lines
 * found in both.
 *
 * <p>Reads {@code silver/events}; writes nothing.
 */
public final class TemplatesJob {
  /** The stage name in reports and logs. */
  public static final String STAGE = "templates";

  /** Report figure: distinct template ids among the source's events. */
  public static final String TEMPLATES = "templates";

  /** Report figure: distinct {@code EventId} among the truth lines. */
  public static final String TRUTH_EVENTS = "truth_events";

  /** Report figure: grouping accuracy over the lines found in both (a double). */
  public static final String ACCURACY = "accuracy";

  /** Report figure: events of the source with no truth line. */
  public static final String UNMATCHED_EVENTS = "unmatched_events";

  /** Report figure: truth lines with no event of the source. */
  public static final String UNMATCHED_TRUTH = "unmatched_truth";

  private static final Logger LOG = LogManager.getLogger(TemplatesJob.class);
  private static final String LINE_ID = "LineId";
  private static final String EVENT_ID = "EventId";

  private TemplatesJob() {}

  /**
   * Runs the evaluation.
   *
   * @param spark the session
   * @param conf where {@code silver/events} is
   * @param source the events' {@code source} value, or the file name it ends with (such as {@code
   *     HDFS_2k.log})
   * @param truthCsv the structured ground-truth CSV; any Hadoop path
   * @return rows in: the source's events; rows out: lines found in both; figures {@value
   *     #TEMPLATES}, {@value #TRUTH_EVENTS}, {@value #ACCURACY}, {@value #UNMATCHED_EVENTS},
   *     {@value #UNMATCHED_TRUTH}
   * @throws AutoopsException when the events table or the CSV is missing, the CSV lacks {@code
   *     LineId} or {@code EventId}, or the table has no events of {@code source}
   */
  public static StageReport run(
      SparkSession spark, AutoopsConf conf, String source, String truthCsv) {
    long started = System.nanoTime();
    String eventsPath = conf.table("silver/events");
    if (!DeltaTable.isDeltaTable(spark, eventsPath)) {
      throw new AutoopsException(
          "No Delta table silver/events at "
              + eventsPath
              + ": run ingest first, or set "
              + AutoopsConf.WAREHOUSE.key()
              + " to the warehouse that holds it.");
    }
    spark.sparkContext().setJobDescription("templates: evaluate " + source);
    try {
      Dataset<Row> events =
          spark
              .read()
              .format("delta")
              .load(eventsPath)
              .filter(
                  col(Columns.SOURCE)
                      .equalTo(source)
                      .or(col(Columns.SOURCE).endsWith("/" + source)))
              .select(Columns.LINE_NUMBER, Columns.TEMPLATE_ID);
      Dataset<Row> truth = readTruth(spark, truthCsv);

      long eventCount = events.count();
      if (eventCount == 0) {
        throw new AutoopsException(
            "No events of source '"
                + source
                + "' in "
                + eventsPath
                + ": ingest that file first, or pass the source as ingest recorded it (the full"
                + " path or the file name).");
      }
      long truthCount = truth.count();
      Dataset<Row> joined =
          events.join(truth, col(Columns.LINE_NUMBER).equalTo(col(LINE_ID)), "inner").cache();
      try {
        long matched = joined.count();
        long templates = events.select(Columns.TEMPLATE_ID).distinct().count();
        long truthEvents = truth.select(EVENT_ID).distinct().count();
        double accuracy =
            matched == 0 ? 0.0 : GroupingAccuracy.accuracy(joined, Columns.TEMPLATE_ID, EVENT_ID);

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put(TEMPLATES, templates);
        figures.put(TRUTH_EVENTS, truthEvents);
        figures.put(ACCURACY, accuracy);
        figures.put(UNMATCHED_EVENTS, eventCount - matched);
        figures.put(UNMATCHED_TRUTH, truthCount - matched);
        double seconds = (System.nanoTime() - started) / 1e9;
        LOG.info(
            "templates {}: events={} matched={} templates={} truth_events={} accuracy={} in {}s",
            source,
            eventCount,
            matched,
            templates,
            truthEvents,
            String.format("%.4f", accuracy),
            String.format("%.1f", seconds));
        return new StageReport(STAGE, source, eventCount, matched, figures, seconds);
      } finally {
        joined.unpersist();
      }
    } finally {
      spark.sparkContext().setJobDescription(null);
    }
  }

  private static Dataset<Row> readTruth(SparkSession spark, String truthCsv) {
    Dataset<Row> csv;
    try {
      csv =
          spark
              .read()
              .option("header", "true")
              .option("quote", "\"")
              .option("escape", "\"")
              .option("mode", "FAILFAST")
              .csv(truthCsv);
    } catch (Exception e) { // Scala throws AnalysisException unchecked
      if (e instanceof AnalysisException analysis
          && "PATH_NOT_FOUND".equals(analysis.getCondition())) {
        throw new AutoopsException(
            "Ground truth " + truthCsv + " does not exist: pass the path of a structured CSV.", e);
      }
      throw e;
    }
    for (String column : new String[] {LINE_ID, EVENT_ID}) {
      if (!Arrays.asList(csv.columns()).contains(column)) {
        throw new AutoopsException(
            "Ground truth "
                + truthCsv
                + " has no column "
                + column
                + " (columns: "
                + String.join(", ", csv.columns())
                + "): pass a loghub structured CSV such as HDFS_2k.log_structured.csv.");
      }
    }
    return csv.select(col(LINE_ID).cast("long").as(LINE_ID), col(EVENT_ID));
  }
}
