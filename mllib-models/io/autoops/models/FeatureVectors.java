package io.autoops.models;

import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.SQLTransformer;
import org.apache.spark.ml.feature.VectorAssembler;

/**
 * Turns a feature row ({@code gold/features}) into the vector the models learn from: counts per
 * template and per level over a vocabulary fixed when the pipeline is fitted, the line count and
 * the window's length in seconds. The stages live inside each saved PipelineModel, so scoring sees
 * exactly the training features; a template unseen in training is ignored.
 */
public final class FeatureVectors {
  /** The assembled vector column. */
  public static final String VECTOR = "features";

  static final String TEMPLATE_TERMS = "_template_terms";
  static final String LEVEL_TERMS = "_level_terms";
  static final String TEMPLATE_VECTOR = "_template_vector";
  static final String LEVEL_VECTOR = "_level_vector";
  static final String DURATION = "_window_seconds";

  private FeatureVectors() {}

  /** The unfitted stages, from feature row to {@link #VECTOR}. */
  public static PipelineStage[] stages() {
    // Each map entry becomes its key repeated value times, which CountVectorizer counts back.
    SQLTransformer terms =
        new SQLTransformer()
            .setStatement(
                "SELECT *, "
                    + repeatKeys("template_counts")
                    + " AS "
                    + TEMPLATE_TERMS
                    + ", "
                    + repeatKeys("level_counts")
                    + " AS "
                    + LEVEL_TERMS
                    + ", CAST(unix_timestamp(window_end) - unix_timestamp(window_start) AS DOUBLE)"
                    + " AS "
                    + DURATION
                    + " FROM __THIS__");
    CountVectorizer templates =
        new CountVectorizer().setInputCol(TEMPLATE_TERMS).setOutputCol(TEMPLATE_VECTOR);
    CountVectorizer levels =
        new CountVectorizer().setInputCol(LEVEL_TERMS).setOutputCol(LEVEL_VECTOR);
    VectorAssembler assembler =
        new VectorAssembler()
            .setInputCols(new String[] {TEMPLATE_VECTOR, LEVEL_VECTOR, "event_count", DURATION})
            .setOutputCol(VECTOR);
    return new PipelineStage[] {terms, templates, levels, assembler};
  }

  private static String repeatKeys(String map) {
    return "flatten(transform(map_entries("
        + map
        + "), e -> array_repeat(e.key, CAST(e.value AS INT))))";
  }
}
