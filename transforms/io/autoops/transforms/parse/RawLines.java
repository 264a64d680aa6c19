package io.autoops.transforms.parse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.substring;

import io.autoops.transforms.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Turns the rows of Spark's text source into numbered raw lines.
 *
 * <p>Why not {@code wholetext} plus {@code split}: that holds a whole file in one string (at most 2
 * GB, and all of it in one task's memory). Here the text source splits big files across tasks as
 * usual, and the exact line number is recovered afterwards: within one file, lines are ordered by
 * the start offset of the split they were read from ({@code _metadata.file_block_start}) and then
 * by their position in that split ({@code monotonically_increasing_id()}, taken right after the
 * scan, which counts up within a task). Hadoop's line reader gives each line to exactly one split.
 * The text source must be read with {@code lineSep} {@code "\n"}: a trailing {@code "\r"} is then
 * removed here, while a stray carriage return inside a line stays in it, and a final newline makes
 * no extra line.
 */
public final class RawLines {
  /** The text source's line column. */
  public static final String VALUE = "value";

  /** Start offset of the file split a line was read from. */
  public static final String BLOCK_START = "block_start";

  /** {@code monotonically_increasing_id()} taken right after the scan. */
  public static final String SEQ = "seq";

  private RawLines() {}

  /**
   * Numbers lines within their file.
   *
   * @param text rows with {@link #VALUE}, {@link Columns#SOURCE}, {@link #BLOCK_START} and {@link
   *     #SEQ}
   * @param format the format name recorded on every line
   * @return {@code raw_id, line, source, line_number, format}, one row per input row; {@code
   *     line_number} counts from 1 in each source
   */
  public static Dataset<Row> number(Dataset<Row> text, String format) {
    Column lineNumber =
        row_number()
            .over(Window.partitionBy(Columns.SOURCE).orderBy(col(BLOCK_START), col(SEQ)))
            .cast("long");
    return text.select(
            regexp_replace(col(VALUE), "\r$", "").as(Columns.LINE),
            col(Columns.SOURCE),
            lineNumber.as(Columns.LINE_NUMBER),
            lit(format).as(Columns.FORMAT))
        .select(
            id().as(Columns.RAW_ID),
            col(Columns.LINE),
            col(Columns.SOURCE),
            col(Columns.LINE_NUMBER),
            col(Columns.FORMAT));
  }

  /**
   * The deterministic id of a line: 32 hex digits of SHA-256 over its source, line number and text.
   * The same line read again gets the same id; a file replaced under the same name (a rotated log)
   * gets new ids for the lines that changed, so they are ingested rather than taken for lines
   * already seen. It is both {@code raw_id} and {@code event_id}.
   */
  public static Column id() {
    return substring(
        sha2(
            concat_ws(
                "\n",
                col(Columns.SOURCE),
                col(Columns.LINE_NUMBER).cast("string"),
                col(Columns.LINE)),
            256),
        1,
        32);
  }
}
