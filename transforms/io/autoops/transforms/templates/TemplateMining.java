package io.autoops.transforms.templates;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;

import io.autoops.transforms.Columns;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Groups log messages into templates.
 *
 * <p>TODO(#2): placeholder grouping (digits masked) until Drain lands; the signatures are the
 * contract the ingest job calls.
 */
public final class TemplateMining {
  private TemplateMining() {}

  /**
   * Assigns a template to each event.
   *
   * @param events rows with at least {@code format}, {@code source}, {@code line_number} and {@code
   *     message}; other columns pass through
   * @param known the current {@code silver/templates} rows (may be empty); a message that matches a
   *     known template keeps that template's id
   * @param settings mining settings per format name
   * @return {@code events} plus {@code template_id} and {@code template} (the template text as it
   *     stood once this line had joined it)
   */
  public static Dataset<Row> assign(
      Dataset<Row> events, Dataset<Row> known, Map<String, MinerSettings> settings) {
    Column template = regexp_replace(col(Columns.MESSAGE), "\\d+", "<*>");
    return events
        .withColumn(Columns.TEMPLATE, template)
        .withColumn(
            Columns.TEMPLATE_ID,
            concat(
                col(Columns.FORMAT),
                lit("-"),
                substring(sha2(concat(col(Columns.FORMAT), lit("\n"), template), 256), 1, 12)));
  }

  /**
   * Summarizes assigned events into {@code silver/templates} rows for the templates they touched.
   *
   * @param assigned the output of {@link #assign}, with {@code ts}
   * @return {@code template_id, format, template, count, first_seen, last_seen}, one row per
   *     template id: {@code template} is the text after the last line joined, {@code count} the
   *     lines in {@code assigned}
   */
  public static Dataset<Row> summarize(Dataset<Row> assigned) {
    return assigned
        .groupBy(Columns.TEMPLATE_ID)
        .agg(
            first(Columns.FORMAT).as(Columns.FORMAT),
            first(Columns.TEMPLATE).as(Columns.TEMPLATE),
            count(lit(1)).as(Columns.COUNT),
            min(Columns.TS).as(Columns.FIRST_SEEN),
            max(Columns.TS).as(Columns.LAST_SEEN));
  }
}
