package io.autoops.pipelines.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.StorageCheck;
import io.autoops.pipelines.Tables;
import io.autoops.pipelines.act.ActJob;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.pipelines.features.FeaturesJob;
import io.autoops.pipelines.ingest.IngestJob;
import io.autoops.pipelines.ingest.IngestOptions;
import io.autoops.pipelines.score.ScoreJob;
import io.autoops.pipelines.templates.TemplatesJob;
import io.autoops.pipelines.train.TrainJob;
import io.autoops.transforms.Columns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code autoops demo}: all six stages on the shipped samples, one line per stage. Re-running it
 * leaves every table as the first run left it.
 */
final class DemoCommand implements Command {
  /** The loghub systems the demo ingests, with their format names. */
  private static final List<String> SYSTEMS = List.of("HDFS", "BGL", "OpenSSH", "Linux", "Apache");

  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String summary() {
    return "run all six stages on the shipped real logs (local mode: into ./warehouse)";
  }

  @Override
  public String help() {
    return """
        Usage: autoops demo [--warehouse DIR] [--samples DIR]

        DIR may be any Hadoop path: a local folder, s3a://bucket/path, hdfs://...

        Runs every stage on the shipped samples and prints one line per stage:
          ingest     HDFS (loghub 2k and the labelled logai 5k), BGL, OpenSSH, Linux, Apache
          templates  grouping accuracy of the mined templates against the loghub ground truth
          features   windows per entity with counts per template and level
          train      GBT and k-means per format, held-out precision/recall/F1/AUC-PR
          score      streaming decisions into ops/decisions
          act        the policy's actions (log executor: a dry run) into ops/actions
        Running it again adds no rows to any table.

        Options:
          --samples DIR   the samples folder (default: samples/ of this installation); to run
                          from a bucket, copy samples/ there and pass s3a://bucket/samples
        """;
  }

  @Override
  public List<String> valuedOptions() {
    return List.of("samples");
  }

  @Override
  public List<StageReport> run(Context context, Args args) {
    Path samples =
        localOrAsGiven(args.value("samples").orElse(context.home().resolve("samples").toString()));
    boolean local = samples.toUri().getScheme() == null;
    if (local) {
      checkSamples(samples, new Configuration()); // a local mistake fails before Spark starts
    }
    SparkSession spark = context.spark();
    if (!local) {
      checkSamples(samples, spark.sparkContext().hadoopConfiguration());
    }
    AutoopsConf conf = context.conf();
    List<StageReport> reports = new ArrayList<>();
    reports.add(ingest(spark, conf, samples));
    reports.add(templates(spark, conf, samples));
    reports.add(FeaturesJob.run(spark, conf));
    reports.add(withModelMetrics(spark, conf, TrainJob.run(spark, conf)));
    reports.add(withDecisionCounts(spark, conf, ScoreJob.run(spark, conf)));
    reports.add(ActJob.run(spark, conf));
    return reports;
  }

  /**
   * The samples folder as a Hadoop path: a path without a scheme is a local folder, made absolute;
   * anything else (s3a://, hdfs://) is used as given.
   */
  private static Path localOrAsGiven(String given) {
    Path samples = new Path(given);
    if (samples.toUri().getScheme() != null) {
      return samples;
    }
    try {
      return Path.getPathWithoutSchemeAndAuthority(
          FileSystem.getLocal(new Configuration()).makeQualified(samples));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot open the local file system", e);
    }
  }

  private static void checkSamples(Path samples, Configuration hadoop) {
    boolean hasLoghub =
        StorageCheck.status(hadoop, "Samples folder", new Path(samples, "loghub"), "--samples")
            .filter(FileStatus::isDirectory)
            .isPresent();
    if (!hasLoghub) {
      throw new AutoopsException(
          "Samples folder "
              + samples
              + " has no loghub/ folder: run the demo from an autoops checkout, or pass --samples"
              + " DIR.");
    }
  }

  private static StageReport ingest(SparkSession spark, AutoopsConf conf, Path samples) {
    List<IngestOptions> inputs = new ArrayList<>();
    Path hdfs5k = new Path(samples, "logai_hdfs_5k");
    inputs.add(
        new IngestOptions(
            "hdfs",
            List.of(new Path(hdfs5k, "HDFS_5k.log").toString()),
            new Path(hdfs5k, "HDFS_5k_preprocessed_logrecord.csv").toString()));
    for (String system : SYSTEMS) {
      inputs.add(IngestOptions.of(system.toLowerCase(Locale.ROOT), loghub(samples, system, "")));
    }
    long read = 0;
    long added = 0;
    long quarantined = 0;
    long labels = 0;
    double seconds = 0;
    for (IngestOptions input : inputs) {
      StageReport report = IngestJob.run(spark, conf, input);
      read += report.rowsIn();
      added += report.rowsOut();
      quarantined += ((Number) report.figures().get("quarantined")).longValue();
      labels += ((Number) report.figures().get("labels")).longValue();
      seconds += report.seconds();
    }
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("files", inputs.size());
    figures.put("quarantined", quarantined);
    figures.put("labels", labels);
    figures.put(
        "templates_total", spark.read().format("delta").load(conf.table(Tables.TEMPLATES)).count());
    return new StageReport("ingest", conf.table(Tables.EVENTS), read, added, figures, seconds);
  }

  private static StageReport templates(SparkSession spark, AutoopsConf conf, Path samples) {
    Map<String, Object> figures = new LinkedHashMap<>();
    long lines = 0;
    long matched = 0;
    double seconds = 0;
    for (String system : SYSTEMS) {
      StageReport report =
          TemplatesJob.run(
              spark,
              conf,
              system + "/" + system + "_2k.log",
              loghub(samples, system, "_structured.csv"));
      lines += report.rowsIn();
      matched += report.rowsOut();
      seconds += report.seconds();
      figures.put(
          "accuracy_" + system.toLowerCase(Locale.ROOT),
          report.figures().get(TemplatesJob.ACCURACY));
    }
    return new StageReport(
        "templates", conf.table(Tables.TEMPLATES), lines, matched, figures, seconds);
  }

  /** The train report with the newest held-out F1 and AUC-PR of each classifier. */
  private static StageReport withModelMetrics(
      SparkSession spark, AutoopsConf conf, StageReport train) {
    Map<String, Object> figures = new LinkedHashMap<>(train.figures());
    List<Row> newest =
        spark
            .read()
            .format("delta")
            .load(conf.table(Tables.MODEL_METRICS))
            .groupBy("model")
            .agg(max("version").as("version"))
            .join(
                spark.read().format("delta").load(conf.table(Tables.MODEL_METRICS)),
                new String[] {"model", "version"})
            .filter(col("algorithm").equalTo("gbt"))
            .orderBy("model")
            .select("model", "f1", "auc_pr")
            .collectAsList();
    for (Row row : newest) {
      figures.put(row.getString(0) + "_f1", row.isNullAt(1) ? "n/a" : row.getDouble(1));
      figures.put(row.getString(0) + "_auc_pr", row.isNullAt(2) ? "n/a" : row.getDouble(2));
    }
    return new StageReport(
        train.stage(), train.entity(), train.rowsIn(), train.rowsOut(), figures, train.seconds());
  }

  /** The score report with the decisions table's totals. */
  private static StageReport withDecisionCounts(
      SparkSession spark, AutoopsConf conf, StageReport score) {
    Map<String, Object> figures = new LinkedHashMap<>(score.figures());
    var decisions = spark.read().format("delta").load(conf.table(Tables.DECISIONS));
    figures.put("decisions_total", decisions.count());
    figures.put("anomalous_total", decisions.filter(col(Columns.ANOMALOUS)).count());
    return new StageReport(
        score.stage(), score.entity(), score.rowsIn(), score.rowsOut(), figures, score.seconds());
  }

  private static String loghub(Path samples, String system, String suffix) {
    return new Path(samples, "loghub/" + system + "/" + system + "_2k.log" + suffix).toString();
  }
}
