package io.autoops.pipelines.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.monotonically_increasing_id;

import io.autoops.transforms.Columns;
import io.autoops.transforms.parse.RawLines;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads log files (any Hadoop path: files, folders, globs) into numbered raw lines. Lines are split
 * at {@code "\n"} with one trailing {@code "\r"} removed (see {@link RawLines} for how exact line
 * numbers survive Spark splitting a big file); {@code source} is the file's qualified path.
 */
public final class LogFiles {
  private LogFiles() {}

  /**
   * The lines of {@code paths} as {@code raw_id, line, source, line_number, format}.
   *
   * @param format the format name recorded on every line
   */
  public static Dataset<Row> read(SparkSession spark, List<String> paths, String format) {
    return number(
        text(spark.read().format("text").option("lineSep", "\n").load(toArray(paths))), format);
  }

  /** A streaming Dataset of the text lines of files appearing in {@code folder}. */
  static Dataset<Row> stream(SparkSession spark, String folder) {
    return text(spark.readStream().format("text").option("lineSep", "\n").load(folder));
  }

  /**
   * Numbers the rows of {@link #stream} or the text source (one static Dataset, such as a
   * micro-batch).
   */
  static Dataset<Row> number(Dataset<Row> text, String format) {
    return RawLines.number(text.withColumn(RawLines.SEQ, monotonically_increasing_id()), format);
  }

  private static Dataset<Row> text(Dataset<Row> source) {
    return source.select(
        col(RawLines.VALUE),
        col("_metadata.file_path").as(Columns.SOURCE),
        col("_metadata.file_block_start").as(RawLines.BLOCK_START));
  }

  private static String[] toArray(List<String> paths) {
    return paths.toArray(String[]::new);
  }
}
