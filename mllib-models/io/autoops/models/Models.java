package io.autoops.models;

import static org.apache.spark.ml.functions.vector_to_array;
import static org.apache.spark.sql.functions.aggregate;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;
import static org.apache.spark.sql.functions.zip_with;

import io.autoops.transforms.Columns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.classification.GBTClassifier;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Training, evaluation and scoring of the two anomaly models over {@code gold/features} rows of one
 * format: a gradient-boosted classifier where labels exist, and k-means (anomaly score = distance
 * to the nearest centre) for every format.
 *
 * <p>The held-out part is chosen per entity by a seeded hash, so no entity has windows on both
 * sides and a re-run with the same seed holds out the same entities.
 */
public final class Models {
  public static final String GBT = "gbt";
  public static final String KMEANS = "kmeans";

  /** Column added by {@link #split}: true for held-out rows. */
  public static final String HELD_OUT = "_held_out";

  private static final String LABEL_DOUBLE = "_label";
  private static final String RAW = "_raw";
  private static final String PROBABILITY = "_probability";
  private static final String PREDICTION = "_prediction";
  private static final String SCALED = "_scaled";
  private static final String CLUSTER = "_cluster";
  private static final int BUCKETS = 10_000;

  private Models() {}

  /** {@code features} plus {@link #HELD_OUT}: about {@code testFraction} of the entities. */
  public static Dataset<Row> split(Dataset<Row> features, long seed, double testFraction) {
    Column bucket =
        pmod(xxhash64(col(Columns.FORMAT), col(Columns.ENTITY), lit(seed)), lit(BUCKETS));
    return features.withColumn(HELD_OUT, bucket.lt(lit(Math.round(testFraction * BUCKETS))));
  }

  /** Whether the training part of a {@link #split} holds both a label 0 and a label 1. */
  public static boolean canClassify(Dataset<Row> split) {
    Row classes =
        split
            .filter(col(HELD_OUT).equalTo(false))
            .agg(
                sum(when(col(Columns.LABEL).equalTo(1), 1).otherwise(0)),
                sum(when(col(Columns.LABEL).equalTo(0), 1).otherwise(0)))
            .head();
    return !classes.isNullAt(0) && classes.getLong(0) > 0 && classes.getLong(1) > 0;
  }

  /** Fits the classifier on the labelled training rows of a {@link #split}; evaluates held out. */
  public static Trained trainGbt(Dataset<Row> split, TrainParams params) {
    Dataset<Row> labelled =
        split
            .filter(col(Columns.LABEL).isNotNull())
            .withColumn(LABEL_DOUBLE, col(Columns.LABEL).cast("double"));
    Dataset<Row> train = labelled.filter(col(HELD_OUT).equalTo(false));
    Dataset<Row> test = labelled.filter(col(HELD_OUT));
    GBTClassifier gbt =
        new GBTClassifier()
            .setFeaturesCol(FeatureVectors.VECTOR)
            .setLabelCol(LABEL_DOUBLE)
            .setRawPredictionCol(RAW)
            .setProbabilityCol(PROBABILITY)
            .setPredictionCol(PREDICTION)
            .setMaxIter(params.gbtMaxIter())
            .setMaxDepth(params.gbtMaxDepth())
            .setSeed(params.seed());
    PipelineModel model = new Pipeline().setStages(withStages(gbt)).fit(train);
    Dataset<Row> scored = gbtProbability(model, test);
    Map<String, Double> metrics =
        evaluate(
            scored,
            col(Columns.GBT_PROBABILITY),
            col(Columns.GBT_PROBABILITY).geq(TrainParams.GBT_THRESHOLD));
    return new Trained(
        model,
        GBT,
        TrainParams.GBT_THRESHOLD,
        featureColumns(model),
        metrics,
        train.count(),
        test.count());
  }

  /**
   * Fits k-means on every training row of a {@link #split} (labels unused); the threshold is the
   * {@code kmeansQuantile} of the training distances. Evaluated on the labelled held-out rows.
   */
  public static Trained trainKMeans(Dataset<Row> split, TrainParams params) {
    Dataset<Row> train = split.filter(col(HELD_OUT).equalTo(false));
    StandardScaler scaler =
        new StandardScaler()
            .setInputCol(FeatureVectors.VECTOR)
            .setOutputCol(SCALED)
            .setWithMean(false)
            .setWithStd(true);
    KMeans kmeans =
        new KMeans()
            .setFeaturesCol(SCALED)
            .setPredictionCol(CLUSTER)
            .setK(params.kmeansK())
            .setSeed(params.seed());
    PipelineModel model = new Pipeline().setStages(withStages(scaler, kmeans)).fit(train);
    double threshold =
        kmeansDistance(model, train)
            .stat()
            .approxQuantile(Columns.KMEANS_DISTANCE, new double[] {params.kmeansQuantile()}, 0.0)[
            0];
    Dataset<Row> test =
        split
            .filter(col(HELD_OUT).and(col(Columns.LABEL).isNotNull()))
            .withColumn(LABEL_DOUBLE, col(Columns.LABEL).cast("double"));
    Dataset<Row> scored = kmeansDistance(model, test);
    Map<String, Double> metrics =
        evaluate(scored, col(Columns.KMEANS_DISTANCE), col(Columns.KMEANS_DISTANCE).gt(threshold));
    return new Trained(
        model,
        KMEANS,
        threshold,
        featureColumns(model),
        metrics,
        train.count(),
        split.filter(col(HELD_OUT)).count());
  }

  /** {@code rows} plus {@code gbt_probability}: the classifier's probability of an anomaly. */
  public static Dataset<Row> gbtProbability(PipelineModel model, Dataset<Row> rows) {
    Column probability =
        element_at(vector_to_array(col(PROBABILITY), "float64"), 2).as(Columns.GBT_PROBABILITY);
    return model.transform(rows).select(keep(rows, probability));
  }

  /** {@code rows} plus {@code kmeans_distance}: the distance to the nearest k-means centre. */
  public static Dataset<Row> kmeansDistance(PipelineModel model, Dataset<Row> rows) {
    Transformer[] stages = model.stages();
    KMeansModel kmeans = (KMeansModel) stages[stages.length - 1];
    Column[] centres =
        Arrays.stream(kmeans.clusterCenters())
            .map(Vector::toArray)
            .map(
                c -> functions.array(Arrays.stream(c).mapToObj(v -> lit(v)).toArray(Column[]::new)))
            .toArray(Column[]::new);
    Column centre = element_at(functions.array(centres), col(CLUSTER).plus(1));
    Column squares =
        zip_with(
            vector_to_array(col(SCALED), "float64"),
            centre,
            (a, b) -> a.minus(b).multiply(a.minus(b)));
    Column distance =
        sqrt(aggregate(squares, lit(0.0), (acc, x) -> acc.plus(x))).as(Columns.KMEANS_DISTANCE);
    return model.transform(rows).select(keep(rows, distance));
  }

  /** The names of the vector's slots of a fitted pipeline, such as {@code template:hdfs-1a2b}. */
  public static List<String> featureColumns(PipelineModel model) {
    List<String> names = new ArrayList<>();
    String[] prefixes = {"template:", "level:"};
    int vectorizer = 0;
    for (Transformer stage : model.stages()) {
      if (stage instanceof CountVectorizerModel counts) {
        for (String term : counts.vocabulary()) {
          names.add(prefixes[vectorizer] + term);
        }
        vectorizer++;
      }
    }
    names.add("event_count");
    names.add("window_seconds");
    return names;
  }

  private static PipelineStage[] withStages(PipelineStage... learners) {
    PipelineStage[] vectors = FeatureVectors.stages();
    PipelineStage[] all = Arrays.copyOf(vectors, vectors.length + learners.length);
    System.arraycopy(learners, 0, all, vectors.length, learners.length);
    return all;
  }

  private static Column[] keep(Dataset<Row> rows, Column added) {
    List<Column> columns = new ArrayList<>();
    for (String name : rows.columns()) {
      columns.add(col(name));
    }
    columns.add(added);
    return columns.toArray(Column[]::new);
  }

  /**
   * Precision, recall and F1 of {@code predicted}, and the area under the precision-recall curve of
   * {@code score}, over rows with a label.
   */
  private static Map<String, Double> evaluate(Dataset<Row> scored, Column score, Column predicted) {
    Column positive = col(LABEL_DOUBLE).equalTo(1.0);
    Row counts =
        scored
            .agg(
                sum(when(positive.and(predicted), 1L).otherwise(0L)),
                sum(when(not(positive).and(predicted), 1L).otherwise(0L)),
                sum(when(positive.and(not(predicted)), 1L).otherwise(0L)))
            .head();
    long tp = counts.isNullAt(0) ? 0 : counts.getLong(0);
    long fp = counts.isNullAt(1) ? 0 : counts.getLong(1);
    long fn = counts.isNullAt(2) ? 0 : counts.getLong(2);
    Double precision = tp + fp == 0 ? null : (double) tp / (tp + fp);
    Double recall = tp + fn == 0 ? null : (double) tp / (tp + fn);
    Double f1 =
        precision == null || recall == null || precision + recall == 0
            ? null
            : 2 * precision * recall / (precision + recall);
    Double aucPr = null;
    if (tp + fn > 0) {
      aucPr =
          new BinaryClassificationEvaluator()
              .setLabelCol(LABEL_DOUBLE)
              .setRawPredictionCol("_score")
              .setMetricName("areaUnderPR")
              .evaluate(scored.withColumn("_score", score.cast("double")));
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("precision", precision);
    metrics.put("recall", recall);
    metrics.put("f1", f1);
    metrics.put("auc_pr", aucPr);
    return metrics;
  }
}
