package io.autoops.pipelines.train;

import static org.apache.spark.sql.functions.col;

import io.autoops.models.ModelCard;
import io.autoops.models.ModelRegistry;
import io.autoops.models.Models;
import io.autoops.models.TrainParams;
import io.autoops.models.Trained;
import io.autoops.pipelines.DeltaVersions;
import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.Tables;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.transforms.Columns;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Stage 4: trains, evaluates and registers the models of every format in {@code gold/features}: a
 * gradient-boosted classifier {@code <format>-gbt} where the training part has both labels, and
 * k-means {@code <format>-kmeans} for every format.
 *
 * <p>The registry is {@code <warehouse>/models} ({@link #REGISTRY}): {@code
 * models/<name>/v<N>/model} and {@code models/<name>/v<N>/model.json}. Each new version also
 * appends one row to {@code gold/model_metrics} (an idempotent append keyed by model name and
 * version, so a registration retried after a crash adds no second row). A model whose newest
 * version was trained from the same {@code gold/features} version with the same parameters is not
 * trained again.
 */
public final class TrainJob {
  /** Registry folder under the warehouse. */
  public static final String REGISTRY = "models";

  /** Schema of {@code gold/model_metrics}: one row per registered model version. */
  public static final StructType METRICS_SCHEMA =
      new StructType()
          .add("model", DataTypes.StringType, false)
          .add("version", DataTypes.IntegerType, false)
          .add(Columns.FORMAT, DataTypes.StringType, false)
          .add("algorithm", DataTypes.StringType, false)
          .add("training_table", DataTypes.StringType, false)
          .add("training_version", DataTypes.LongType, false)
          .add("train_rows", DataTypes.LongType, false)
          .add("test_rows", DataTypes.LongType, false)
          .add("precision", DataTypes.DoubleType, true)
          .add("recall", DataTypes.DoubleType, true)
          .add("f1", DataTypes.DoubleType, true)
          .add("auc_pr", DataTypes.DoubleType, true)
          .add("threshold", DataTypes.DoubleType, false)
          .add(Columns.CREATED_AT, DataTypes.TimestampType, false);

  private static final Logger LOG = LogManager.getLogger(TrainJob.class);

  private TrainJob() {}

  /** The registry of the warehouse of {@code conf}. */
  public static ModelRegistry registry(SparkSession spark, AutoopsConf conf) {
    return new ModelRegistry(conf.table(REGISTRY), spark.sparkContext().hadoopConfiguration());
  }

  /** The training parameters configured in {@code conf}. */
  public static TrainParams params(AutoopsConf conf) {
    return new TrainParams(
        conf.get(AutoopsConf.TRAIN_SEED),
        conf.get(AutoopsConf.TRAIN_TEST_FRACTION),
        conf.get(AutoopsConf.TRAIN_GBT_MAX_ITER),
        conf.get(AutoopsConf.TRAIN_GBT_MAX_DEPTH),
        conf.get(AutoopsConf.TRAIN_KMEANS_K),
        conf.get(AutoopsConf.TRAIN_KMEANS_QUANTILE));
  }

  /**
   * Trains what is out of date and registers it.
   *
   * @return rowsIn = feature rows read, rowsOut = model versions registered; figures {@code
   *     registered} (the new {@code name:vN} tags) and {@code unchanged} (models skipped)
   * @throws io.autoops.pipelines.AutoopsException when {@code gold/features} does not exist
   */
  public static StageReport run(SparkSession spark, AutoopsConf conf) {
    long started = System.nanoTime();
    String featuresPath = conf.table(Tables.FEATURES);
    long featuresVersion = DeltaVersions.latest(spark, featuresPath, "features");
    TrainParams params = params(conf);
    ModelRegistry registry = registry(spark, conf);
    Dataset<Row> features =
        spark.read().format("delta").option("versionAsOf", featuresVersion).load(featuresPath);
    List<String> formats =
        features
            .select(Columns.FORMAT)
            .distinct()
            .orderBy(Columns.FORMAT)
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();

    List<String> registered = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    long rowsIn = 0;
    for (String format : formats) {
      spark.sparkContext().setJobDescription("train: " + format + " from " + featuresPath);
      Dataset<Row> split =
          Models.split(
                  features.filter(col(Columns.FORMAT).equalTo(format)),
                  params.seed(),
                  params.testFraction())
              .cache();
      try {
        rowsIn += split.count();
        List<String> algorithms = new ArrayList<>();
        if (Models.canClassify(split)) {
          algorithms.add(Models.GBT);
        }
        algorithms.add(Models.KMEANS);
        for (String algorithm : algorithms) {
          String name = format + "-" + algorithm;
          Optional<ModelCard> latest = registry.latest(name);
          if (latest.isPresent()
              && latest
                  .get()
                  .sameTraining(featuresPath, featuresVersion, params.asMap(algorithm))) {
            unchanged.add(latest.get().tag());
            continue;
          }
          int version = latest.map(ModelCard::version).orElse(0) + 1;
          ModelCard card =
              register(
                  spark,
                  conf,
                  registry,
                  split,
                  format,
                  name,
                  version,
                  algorithm,
                  params,
                  featuresPath,
                  featuresVersion);
          registered.add(card.tag());
        }
      } finally {
        split.unpersist();
      }
    }
    spark.sparkContext().setJobDescription(null);
    double seconds = Math.round((System.nanoTime() - started) / 1e8) / 10.0;
    LOG.info(
        "train {}@v{}: {} feature rows, registered {}, unchanged {} in {}s",
        featuresPath,
        featuresVersion,
        rowsIn,
        registered,
        unchanged,
        seconds);
    Map<String, Object> figures = new LinkedHashMap<>();
    figures.put("registered", String.join(",", registered));
    figures.put("unchanged", String.join(",", unchanged));
    return new StageReport(
        "train", conf.table(REGISTRY), rowsIn, registered.size(), figures, seconds);
  }

  private static ModelCard register(
      SparkSession spark,
      AutoopsConf conf,
      ModelRegistry registry,
      Dataset<Row> split,
      String format,
      String name,
      int version,
      String algorithm,
      TrainParams params,
      String featuresPath,
      long featuresVersion) {
    long started = System.nanoTime();
    Trained trained =
        Models.GBT.equals(algorithm)
            ? Models.trainGbt(split, params)
            : Models.trainKMeans(split, params);
    Instant now = Instant.now();
    ModelCard card =
        new ModelCard(
            name,
            version,
            format,
            algorithm,
            now.toString(),
            featuresPath,
            featuresVersion,
            trained.featureColumns(),
            params.asMap(algorithm),
            params.seed(),
            trained.metrics(),
            trained.threshold(),
            trained.trainRows(),
            trained.testRows());
    registry.saveModel(name, version, trained.model());
    appendMetrics(spark, conf, card, Timestamp.from(now));
    registry.writeCard(card);
    LOG.info(
        "train {}: {} train / {} held-out rows, metrics {}, threshold {} in {}s",
        card.tag(),
        card.trainRows(),
        card.testRows(),
        card.metrics(),
        card.threshold(),
        Math.round((System.nanoTime() - started) / 1e8) / 10.0);
    return card;
  }

  private static void appendMetrics(
      SparkSession spark, AutoopsConf conf, ModelCard card, Timestamp createdAt) {
    Map<String, Double> m = card.metrics();
    Row row =
        RowFactory.create(
            card.name(),
            card.version(),
            card.format(),
            card.algorithm(),
            card.trainingTable(),
            card.trainingVersion(),
            card.trainRows(),
            card.testRows(),
            m.get("precision"),
            m.get("recall"),
            m.get("f1"),
            m.get("auc_pr"),
            card.threshold(),
            createdAt);
    spark
        .createDataFrame(List.of(row), METRICS_SCHEMA)
        .write()
        .format("delta")
        .mode("append")
        .option("txnAppId", "autoops-train-" + card.name())
        .option("txnVersion", card.version())
        .save(conf.table(Tables.MODEL_METRICS));
  }
}
