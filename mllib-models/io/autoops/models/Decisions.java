package io.autoops.models;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.when;

import io.autoops.transforms.Columns;
import java.util.List;
import java.util.Optional;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Turns feature rows into {@code ops/decisions} rows with the models of one format: the k-means
 * model always, the classifier where the format has one.
 */
public final class Decisions {
  public static final String ALERT = "alert";
  public static final String NONE = "none";

  /** Schema of {@code ops/decisions}, in column order. */
  public static final StructType SCHEMA =
      new StructType()
          .add(Columns.DECISION_ID, DataTypes.StringType, false)
          .add(Columns.FORMAT, DataTypes.StringType, false)
          .add(Columns.ENTITY_KIND, DataTypes.StringType, false)
          .add(Columns.ENTITY, DataTypes.StringType, true)
          .add(Columns.COMPONENT, DataTypes.StringType, true)
          .add(Columns.WINDOW_START, DataTypes.TimestampType, true)
          .add(Columns.WINDOW_END, DataTypes.TimestampType, true)
          .add(Columns.GBT_PROBABILITY, DataTypes.DoubleType, true)
          .add(Columns.KMEANS_DISTANCE, DataTypes.DoubleType, true)
          .add(Columns.SCORE, DataTypes.DoubleType, true)
          .add(Columns.ANOMALOUS, DataTypes.BooleanType, false)
          .add(Columns.ACTION, DataTypes.StringType, false)
          .add(Columns.MODEL_VERSIONS, DataTypes.StringType, false)
          .add(Columns.REASON, DataTypes.StringType, false)
          .add(Columns.CREATED_AT, DataTypes.TimestampType, false);

  private Decisions() {}

  /**
   * One model and its card.
   *
   * @param card the registered version
   * @param model its fitted pipeline
   */
  public record Scorer(ModelCard card, PipelineModel model) {}

  /**
   * Scores {@code features} and decides.
   *
   * @param features rows of {@code gold/features} shape (batch or a micro-batch)
   * @param entityKind what the entity is for this format, such as {@code block} or {@code node}
   * @param gbt the classifier, if the format has one
   * @param kmeans the k-means model
   * @return rows of {@link #SCHEMA}: {@code decision_id} is the SHA-256 of format, entity, window
   *     and model versions; {@code score} follows {@link Columns#SCORE}; {@code anomalous} when the
   *     GBT probability reaches its threshold or the distance exceeds the k-means threshold
   */
  public static Dataset<Row> decide(
      Dataset<Row> features, String entityKind, Optional<Scorer> gbt, Scorer kmeans) {
    String versions = gbt.map(s -> s.card().tag() + ",").orElse("") + kmeans.card().tag();
    Dataset<Row> scored =
        gbt.isPresent()
            ? Models.gbtProbability(gbt.get().model(), features)
            : features.withColumn(Columns.GBT_PROBABILITY, lit(null).cast(DataTypes.DoubleType));
    scored = Models.kmeansDistance(kmeans.model(), scored);

    double gbtThreshold = gbt.map(s -> s.card().threshold()).orElse(Double.NaN);
    double distanceThreshold = kmeans.card().threshold();
    Column probability = col(Columns.GBT_PROBABILITY);
    Column distance = col(Columns.KMEANS_DISTANCE);
    Column gbtHit = gbt.isPresent() ? probability.geq(gbtThreshold) : lit(false);
    Column distanceHit = distance.gt(distanceThreshold);
    Column anomalous = coalesce(gbtHit, lit(false)).or(coalesce(distanceHit, lit(false)));
    // Both models map their own threshold to 0.5, so a policy's min_score reads the same for
    // either, and an anomalous window scores at least about 0.5 whichever model flagged it.
    Column distanceScore = least(distance.divide(2 * Math.max(distanceThreshold, 1e-12)), lit(1.0));
    Column score =
        gbt.isPresent()
            ? greatest(coalesce(probability, lit(0.0)), coalesce(distanceScore, lit(0.0)))
            : distanceScore;
    Column gbtText =
        gbt.isPresent()
            ? format_string(
                "gbt probability %.3f %s %.2f",
                probability, when(gbtHit, lit(">=")).otherwise(lit("<")), lit(gbtThreshold))
            : lit(null).cast(DataTypes.StringType);
    Column distanceText =
        format_string(
            "k-means distance %.3f %s threshold %.3f",
            distance, when(distanceHit, lit(">")).otherwise(lit("<=")), lit(distanceThreshold));
    Column reason =
        when(
                anomalous,
                concat_ws(
                    "; ",
                    when(coalesce(gbtHit, lit(false)), gbtText),
                    when(distanceHit, distanceText)))
            .otherwise(concat_ws("; ", lit("normal"), gbtText, distanceText));
    Column id =
        sha2(
            concat_ws(
                "|",
                col(Columns.FORMAT),
                col(Columns.ENTITY),
                col(Columns.WINDOW_START).cast("string"),
                col(Columns.WINDOW_END).cast("string"),
                lit(versions)),
            256);
    return scored.select(
        id.as(Columns.DECISION_ID),
        col(Columns.FORMAT),
        lit(entityKind).as(Columns.ENTITY_KIND),
        col(Columns.ENTITY),
        col(Columns.COMPONENT),
        col(Columns.WINDOW_START),
        col(Columns.WINDOW_END),
        probability,
        distance,
        score.as(Columns.SCORE),
        anomalous.as(Columns.ANOMALOUS),
        when(anomalous, lit(ALERT)).otherwise(lit(NONE)).as(Columns.ACTION),
        lit(versions).as(Columns.MODEL_VERSIONS),
        reason.as(Columns.REASON),
        current_timestamp().as(Columns.CREATED_AT));
  }

  /** The columns of {@link #SCHEMA}, in order. */
  public static List<String> columns() {
    return List.of(SCHEMA.fieldNames());
  }
}
