package io.autoops.pipelines.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.DeltaVersions;
import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.StorageCheck;
import io.autoops.pipelines.Tables;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.transforms.Columns;
import io.autoops.transforms.format.LogFormat;
import io.autoops.transforms.parse.LogParser;
import io.autoops.transforms.templates.TemplateMining;
import java.io.IOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.storage.StorageLevel;

/**
 * The {@code ingest} stage: reads raw log files of one format, and writes {@code bronze/raw_lines},
 * {@code silver/events}, {@code silver/quarantine} and {@code silver/templates} (and, with labels,
 * {@code silver/labels}).
 *
 * <p><b>Idempotent.</b> Line ids come from the source path and line number, and only rows whose ids
 * are not in a table yet are mined and written; a run that finds nothing new commits no Delta
 * version. <b>Modes.</b> {@code batch} reads what is there; {@code stream} runs the same parsing as
 * Structured Streaming over folders (file source, {@code foreachBatch}), with the trigger of {@code
 * spark.autoops.ingest.trigger} and the checkpoint {@code ingest-<format>}. Every input is checked
 * before anything is written.
 *
 * <p>Known gaps: a crash between the {@code silver/events} write and the {@code silver/templates}
 * merge leaves those events out of the template counts (a re-run finds them written and does not
 * mine them again). One ingest per format at a time is assumed; concurrent writers cannot duplicate
 * rows (insert-only MERGE) but may fail on a Delta conflict and need a re-run.
 */
public final class IngestJob {
  private static final Logger LOG = LogManager.getLogger(IngestJob.class);

  private IngestJob() {}

  /**
   * Runs the stage.
   *
   * @return {@code rowsIn} lines read, {@code rowsOut} events added, and the figures {@code
   *     parsed}, {@code quarantined}, {@code entities} (of this read), {@code new_raw_lines},
   *     {@code new_quarantined}, {@code templates} (touched by the new events), {@code labels}
   *     (added or changed), {@code batches}
   * @throws AutoopsException for an unknown format, a missing path, an empty folder or a bad labels
   *     file, before anything is written
   */
  public static StageReport run(SparkSession spark, AutoopsConf conf, IngestOptions options) {
    long start = System.nanoTime();
    LogFormat format = LogFormats.load(spark, conf).get(options.format());
    String mode = conf.get(AutoopsConf.INGEST_MODE);
    boolean stream = mode.equals("stream");
    String trigger = conf.get(AutoopsConf.INGEST_TRIGGER);
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    if (options.paths().isEmpty() && options.labels().isEmpty()) {
      throw new AutoopsException(
          "No input path given: pass one or more log files or folders, as in"
              + " 'ingest --format "
              + format.name()
              + " logs/'.");
    }
    for (String path : options.paths()) {
      checkInput(hadoop, path, stream);
    }
    if (!options.labels().isEmpty()) {
      checkExists(hadoop, options.labels(), "Labels file");
    }

    Batch batch = new Batch(spark, conf, format, UUID.randomUUID().toString());
    if (!options.paths().isEmpty()) {
      if (stream) {
        runStream(spark, conf, format, options.paths(), trigger, batch);
      } else {
        batch.process(LogFiles.read(spark, options.paths(), format.name()));
      }
    }
    long labels = 0;
    if (!options.labels().isEmpty()) {
      Dataset<Row> rows = LabelLoader.read(spark, options.labels(), format);
      spark.sparkContext().setJobDescription("ingest " + format.name() + ": labels");
      labels = IngestTables.mergeLabels(spark, conf.table(Tables.LABELS), rows);
    }

    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("format", format.name());
    figures.put("mode", mode);
    figures.put("parsed", batch.parsed);
    figures.put("quarantined", batch.quarantined);
    figures.put("entities", batch.entities);
    figures.put("new_raw_lines", batch.newRaw);
    figures.put("new_quarantined", batch.newQuarantined);
    figures.put("templates", batch.templates);
    figures.put("labels", labels);
    figures.put("batches", batch.batches);
    StageReport report =
        new StageReport(
            "ingest",
            conf.table(Tables.EVENTS),
            batch.read,
            batch.newEvents,
            figures,
            IngestTables.seconds(start));
    LOG.info("{}", report.toLine());
    return report;
  }

  private static void runStream(
      SparkSession spark,
      AutoopsConf conf,
      LogFormat format,
      List<String> folders,
      String trigger,
      Batch batch) {
    Dataset<Row> text = null;
    for (String folder : folders) {
      Dataset<Row> one = LogFiles.stream(spark, folder);
      text = text == null ? one : text.union(one);
    }
    String checkpoint = conf.checkpoint("ingest-" + format.name());
    try {
      StreamingQuery query =
          text.writeStream()
              .queryName("ingest-" + format.name())
              .option("checkpointLocation", checkpoint)
              .trigger(
                  trigger.equals("available-now")
                      ? Trigger.AvailableNow()
                      : Trigger.ProcessingTime(trigger))
              .foreachBatch(
                  (VoidFunction2<Dataset<Row>, Long>)
                      (rows, id) -> batch.process(LogFiles.number(rows, format.name())))
              .start();
      LOG.info(
          "Ingest stream {} started over {} (checkpoint {}, trigger {})",
          query.name(),
          folders,
          checkpoint,
          trigger);
      query.awaitTermination();
    } catch (TimeoutException | StreamingQueryException e) {
      throw new IllegalStateException("Ingest stream over " + folders + " failed", e);
    }
  }

  /**
   * Batch input must be files or folders that hold log files; a stream reads folders, which may
   * still be empty (files arrive later), so they are not listed.
   */
  private static void checkInput(Configuration hadoop, String path, boolean stream) {
    FileStatus[] matches = checkExists(hadoop, path, "Input path");
    try {
      for (FileStatus status : matches) {
        if (stream && !status.isDirectory()) {
          throw new AutoopsException(
              "Input path "
                  + path
                  + " is a file, but stream mode reads folders: pass its folder, or use"
                  + " --mode batch.");
        }
        if (!stream && status.isDirectory() && !holdsLogFiles(hadoop, status.getPath())) {
          throw new AutoopsException(
              "Input folder "
                  + status.getPath()
                  + " holds no log files: put files into it or pass another path.");
        }
      }
    } catch (IOException e) {
      throw StorageCheck.explain(hadoop, "Input path", path, "", e);
    }
  }

  /** Whether {@code folder} holds a file that is not hidden ({@code .name}, {@code _name}). */
  private static boolean holdsLogFiles(Configuration hadoop, Path folder) throws IOException {
    for (FileStatus child : folder.getFileSystem(hadoop).listStatus(folder)) {
      String name = child.getPath().getName();
      if (child.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
        return true;
      }
    }
    return false;
  }

  private static FileStatus[] checkExists(Configuration hadoop, String path, String what) {
    try {
      Path hadoopPath = new Path(path);
      FileStatus[] matches = hadoopPath.getFileSystem(hadoop).globStatus(hadoopPath);
      if (matches == null || matches.length == 0) {
        throw new AutoopsException(
            what
                + " "
                + path
                + " does not exist: check the path (a local file or folder, s3a://, hdfs://).");
      }
      return matches;
    } catch (IOException e) {
      throw StorageCheck.explain(hadoop, what, path, "", e);
    } catch (IllegalArgumentException e) {
      throw new AutoopsException(what + " " + path + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Parses and writes one batch of lines (the whole input in batch mode, one micro-batch in stream
   * mode), and sums what it did.
   */
  private static final class Batch {
    private final SparkSession spark;
    private final AutoopsConf conf;
    private final LogFormat format;
    private final String runId;
    long read;
    long parsed;
    long quarantined;
    long entities;
    long newRaw;
    long newQuarantined;
    long newEvents;
    long templates;
    long batches;

    Batch(SparkSession spark, AutoopsConf conf, LogFormat format, String runId) {
      this.spark = spark;
      this.conf = conf;
      this.format = format;
      this.runId = runId;
    }

    /** Parses and writes {@code raw} ({@code raw_id, line, source, line_number, format}). */
    void process(Dataset<Row> raw) {
      Instant now = Instant.now();
      int lastYear = conf.get(AutoopsConf.INGEST_SYSLOG_YEAR);
      if (lastYear == 0) {
        lastYear = now.atZone(ZoneOffset.UTC).getYear();
      }
      Timestamp ingestTime = Timestamp.from(now);
      String what = "ingest " + format.name() + " run " + runId;

      LogParser.Parsed result = LogParser.parse(raw, format, lastYear).persist();
      try {
        spark.sparkContext().setJobDescription(what + ": parse");
        Row stats =
            result
                .lines()
                .agg(
                    count(lit(1)),
                    sum(when(col(Columns.REASON).isNull(), 1).otherwise(0)),
                    count_distinct(when(col(Columns.REASON).isNull(), col(Columns.ENTITY))))
                .first();
        long lines = stats.getLong(0);
        long events = stats.isNullAt(1) ? 0 : stats.getLong(1);
        read += lines;
        parsed += events;
        quarantined += lines - events;
        entities += stats.getLong(2);
        batches++;

        spark.sparkContext().setJobDescription(what + ": " + Tables.RAW_LINES);
        newRaw +=
            IngestTables.insertNew(
                spark,
                conf.table(Tables.RAW_LINES),
                IngestTables.RAW_LINES_SCHEMA,
                stamped(result.lines(), ingestTime),
                Columns.RAW_ID);
        spark.sparkContext().setJobDescription(what + ": " + Tables.QUARANTINE);
        newQuarantined +=
            IngestTables.insertNew(
                spark,
                conf.table(Tables.QUARANTINE),
                IngestTables.QUARANTINE_SCHEMA,
                stamped(result.quarantine(), ingestTime),
                Columns.RAW_ID);
        writeEvents(result.events(), ingestTime, what);
      } finally {
        result.unpersist();
      }
    }

    private void writeEvents(Dataset<Row> events, Timestamp ingestTime, String what) {
      String eventsPath = conf.table(Tables.EVENTS);
      String templatesPath = conf.table(Tables.TEMPLATES);
      // The events and templates are read at pinned versions, and the mined rows are checkpointed:
      // writing silver/events below refreshes every cached plan that reads it, and a plan
      // re-run against the new version would find no fresh events left to count as templates.
      Dataset<Row> fresh = events;
      long eventsVersion = DeltaVersions.version(spark, eventsPath);
      if (eventsVersion >= 0) {
        Dataset<Row> known =
            spark
                .read()
                .format("delta")
                .option("versionAsOf", eventsVersion)
                .load(eventsPath)
                .select(Columns.EVENT_ID);
        fresh = events.join(known, new String[] {Columns.EVENT_ID}, "left_anti");
      }
      long templatesVersion = DeltaVersions.version(spark, templatesPath);
      Dataset<Row> knownTemplates =
          (templatesVersion < 0
                  ? spark.createDataFrame(List.of(), IngestTables.TEMPLATES_SCHEMA)
                  : spark
                      .read()
                      .format("delta")
                      .option("versionAsOf", templatesVersion)
                      .load(templatesPath))
              .where(col(Columns.FORMAT).equalTo(format.name()));
      spark.sparkContext().setJobDescription(what + ": mine templates");
      Dataset<Row> assigned =
          TemplateMining.assign(
                  stamped(fresh, ingestTime), knownTemplates, Map.of(format.name(), format.miner()))
              .localCheckpoint(true);
      try {
        long added = assigned.count();
        spark.sparkContext().setJobDescription(what + ": " + Tables.EVENTS);
        IngestTables.insertFresh(
            spark, eventsPath, IngestTables.EVENTS_SCHEMA, assigned, added, Columns.EVENT_ID);
        newEvents += added;
        if (added > 0 || !DeltaVersions.exists(spark, templatesPath)) {
          spark.sparkContext().setJobDescription(what + ": " + Tables.TEMPLATES);
          Dataset<Row> summary =
              TemplateMining.summarize(assigned).persist(StorageLevel.MEMORY_AND_DISK());
          try {
            long touched = summary.count();
            templates += touched;
            IngestTables.mergeTemplates(spark, templatesPath, summary, touched, added);
          } finally {
            summary.unpersist();
          }
        }
      } finally {
        assigned.unpersist();
      }
    }

    private Dataset<Row> stamped(Dataset<Row> rows, Timestamp ingestTime) {
      return rows.withColumn(Columns.RUN_ID, lit(runId))
          .withColumn(Columns.INGEST_TIME, lit(ingestTime));
    }
  }
}
