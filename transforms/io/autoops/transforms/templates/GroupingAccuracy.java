package io.autoops.transforms.templates;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Grouping accuracy of a log parser, as the log-parsing benchmarks define it (Zhu et al., "Tools
 * and Benchmarks for Automated Log Parsing", ICSE-SEIP 2019): a line is parsed correctly when the
 * lines that share its predicted template are exactly the lines that share its true event; accuracy
 * is the share of such lines. A predicted group is therefore either wholly right (it holds one true
 * event and all of its lines) or wholly wrong.
 *
 * <p>Computed with group-by counts: no line reaches the driver. A null value is a group of its own,
 * in either column.
 */
public final class GroupingAccuracy {
  /** Lines evaluated. */
  public static final String LINES = "lines";

  /** Lines whose predicted group equals their true group. */
  public static final String CORRECT_LINES = "correct_lines";

  /** {@link #CORRECT_LINES} over {@link #LINES}; null when there are no lines. */
  public static final String ACCURACY = "accuracy";

  private static final String PREDICTED = "_predicted";
  private static final String TRUTH = "_truth";
  private static final String PAIR_LINES = "_pair_lines";
  private static final String PREDICTED_LINES = "_predicted_lines";
  private static final String TRUTH_LINES = "_truth_lines";

  private GroupingAccuracy() {}

  /**
   * Evaluates predicted groups against true groups.
   *
   * @param lines one row per log line
   * @param predicted the column of the predicted group, such as {@code template_id}
   * @param truth the column of the true group, such as {@code EventId}
   * @return one row: {@link #LINES} (long), {@link #CORRECT_LINES} (long), {@link #ACCURACY}
   *     (double)
   */
  public static Dataset<Row> of(Dataset<Row> lines, String predicted, String truth) {
    Dataset<Row> pairs =
        lines
            .groupBy(col(predicted).as(PREDICTED), col(truth).as(TRUTH))
            .agg(count(lit(1)).as(PAIR_LINES));
    Dataset<Row> perPredicted =
        pairs.groupBy(col(PREDICTED).as("_p")).agg(sum(PAIR_LINES).as(PREDICTED_LINES));
    Dataset<Row> perTruth = pairs.groupBy(col(TRUTH).as("_t")).agg(sum(PAIR_LINES).as(TRUTH_LINES));
    Column pairLines = col(PAIR_LINES);
    Column correct =
        when(
                pairLines.equalTo(col(PREDICTED_LINES)).and(pairLines.equalTo(col(TRUTH_LINES))),
                pairLines)
            .otherwise(lit(0L));
    Column total = coalesce(sum(pairLines), lit(0L));
    Column right = coalesce(sum(correct), lit(0L));
    return pairs
        .join(perPredicted, col(PREDICTED).eqNullSafe(col("_p")))
        .join(perTruth, col(TRUTH).eqNullSafe(col("_t")))
        .agg(total.as(LINES), right.as(CORRECT_LINES))
        .withColumn(
            ACCURACY,
            when(
                col(LINES).gt(0),
                col(CORRECT_LINES).cast("double").divide(col(LINES).cast("double"))));
  }

  /**
   * Runs {@link #of} and returns the accuracy.
   *
   * @throws IllegalArgumentException when {@code lines} is empty
   */
  public static double accuracy(Dataset<Row> lines, String predicted, String truth) {
    Row row = of(lines, predicted, truth).first();
    if (row.isNullAt(row.fieldIndex(ACCURACY))) {
      throw new IllegalArgumentException(
          "Grouping accuracy needs at least one line, and the dataset is empty.");
    }
    return row.getDouble(row.fieldIndex(ACCURACY));
  }
}
