package io.autoops.transforms.features;

import static org.apache.spark.sql.functions.array_distinct;
import static org.apache.spark.sql.functions.array_max;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map_from_entries;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.session_window;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.window;

import io.autoops.transforms.Columns;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * The one definition of a feature row, shared by training (batch) and scoring (streaming): events
 * are grouped per format, entity and window, and each group becomes counts per template and per
 * level.
 *
 * <p>Streaming aggregations cannot pivot, so the counts are maps built from the collected values of
 * the window with higher-order functions; the same plan runs on a batch and on a streaming Dataset.
 * A streaming input needs {@link FeatureSpec#watermark()} and emits a window in append mode once
 * the watermark has passed its end.
 */
public final class Features {
  /** Column: lines in the window. */
  public static final String EVENT_COUNT = "event_count";

  /** Column: {@code map<string,bigint>} of lines per template id. */
  public static final String TEMPLATE_COUNTS = "template_counts";

  /** Column: {@code map<string,bigint>} of lines per level. */
  public static final String LEVEL_COUNTS = "level_counts";

  /** Entity of events that name none and have no host. */
  public static final String UNKNOWN_ENTITY = "unknown";

  /** The output columns, in order. */
  public static final List<String> COLUMNS =
      List.of(
          Columns.FORMAT,
          Columns.ENTITY,
          Columns.WINDOW_START,
          Columns.WINDOW_END,
          Columns.COMPONENT,
          EVENT_COUNT,
          TEMPLATE_COUNTS,
          LEVEL_COUNTS,
          Columns.LABEL);

  private static final String TEMPLATES = "_templates";
  private static final String LEVELS = "_levels";
  private static final String COMPONENTS = "_components";

  private Features() {}

  /**
   * Builds one feature row per format, entity and window.
   *
   * @param events rows with at least {@code format, ts, entity, host, component, level,
   *     template_id, label}; batch or streaming
   * @param spec the windows and, for a streaming input, the watermark
   * @return {@link #COLUMNS}: {@code component} is the most frequent component of the window (ties
   *     go to the greatest name), {@code label} is the greatest line label of the window, null when
   *     no line carries one; an event without entity falls back to its host, then to {@link
   *     #UNKNOWN_ENTITY}; null templates and levels count under {@code "?"}
   */
  public static Dataset<Row> transform(Dataset<Row> events, FeatureSpec spec) {
    Dataset<Row> input = events;
    if (!spec.watermark().isEmpty()) {
      input = input.withWatermark(Columns.TS, spec.watermark());
    }
    Column windowColumn =
        FeatureSpec.SESSION.equals(spec.window())
            ? session_window(col(Columns.TS), spec.duration())
            : window(col(Columns.TS), spec.duration());
    Dataset<Row> grouped =
        input
            .withColumn(
                Columns.ENTITY,
                coalesce(col(Columns.ENTITY), col(Columns.HOST), lit(UNKNOWN_ENTITY)))
            .groupBy(col(Columns.FORMAT), col(Columns.ENTITY), windowColumn.as("w"))
            .agg(
                count(lit(1)).as(EVENT_COUNT),
                collect_list(coalesce(col(Columns.TEMPLATE_ID), lit("?"))).as(TEMPLATES),
                collect_list(coalesce(col(Columns.LEVEL), lit("?"))).as(LEVELS),
                collect_list(col(Columns.COMPONENT)).as(COMPONENTS),
                max(col(Columns.LABEL).cast(DataTypes.IntegerType)).as(Columns.LABEL));
    return grouped.select(
        col(Columns.FORMAT),
        col(Columns.ENTITY),
        col("w.start").as(Columns.WINDOW_START),
        col("w.end").as(Columns.WINDOW_END),
        mostFrequent(col(COMPONENTS)).as(Columns.COMPONENT),
        col(EVENT_COUNT),
        countsOf(col(TEMPLATES)).as(TEMPLATE_COUNTS),
        countsOf(col(LEVELS)).as(LEVEL_COUNTS),
        col(Columns.LABEL));
  }

  /** {@code map<value, occurrences>} of an array, keys in ascending order. */
  private static Column countsOf(Column values) {
    return map_from_entries(
        functions.transform(
            array_sort(array_distinct(values)),
            key -> struct(key.as("key"), occurrences(values, key).as("value"))));
  }

  /** The value that occurs most often, the greatest one on a tie; null for an empty array. */
  private static Column mostFrequent(Column values) {
    return array_max(
            functions.transform(
                array_distinct(values),
                key -> struct(occurrences(values, key).as("n"), key.as("v"))))
        .getField("v");
  }

  private static Column occurrences(Column values, Column key) {
    return size(filter(values, v -> v.equalTo(key))).cast(DataTypes.LongType);
  }
}
