package io.autoops.templates;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_seconds;

import io.autoops.TestSpark;
import io.autoops.transforms.Columns;
import io.autoops.transforms.templates.MinerSettings;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The shipped loghub 2k structured CSV files as events for template mining, and the miner settings
 * chosen for each system (the values proposed for conf/formats).
 */
final class LoghubStructured {
  /** A standalone (possibly signed, possibly decimal) number, also after '=' or inside ( ). */
  static final String NUMBER = "(?<![\\w.])-?\\d+(\\.\\d+)?(?![\\w.])";

  static final String IP_PORT = "(\\d+\\.){3}\\d+(:\\d+)?";
  static final String HOST = "([\\w-]+\\.){2,}[\\w-]+";

  /** Miner settings per format name. */
  static final Map<String, MinerSettings> SETTINGS =
      Map.of(
          "hdfs",
          new MinerSettings(List.of("blk_-?\\d+(\\s+blk_-?\\d+)*", IP_PORT, NUMBER), 4, 0.5),
          "bgl",
          new MinerSettings(
              List.of(
                  "core\\.\\d+",
                  "0x[0-9a-fA-F]+",
                  "\\b(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{6,}\\b",
                  NUMBER),
              4,
              0.75),
          "openssh",
          new MinerSettings(List.of(HOST, IP_PORT, NUMBER), 4, 0.7),
          "linux",
          new MinerSettings(
              List.of(
                  "[A-Z][a-z]{2} [A-Z][a-z]{2} +\\d{1,2} \\d{2}:\\d{2}:\\d{2} \\d{4}",
                  HOST, "\\d{2}:\\d{2}:\\d{2}", NUMBER),
              4,
              0.78),
          "apache",
          new MinerSettings(List.of(IP_PORT, NUMBER), 4, 0.5));

  private LoghubStructured() {}

  /** The loghub structured file of a system, such as {@code HDFS}. */
  static String original(String system) {
    return TestSpark.sample("loghub/" + system + "/" + system + "_2k.log_structured.csv")
        .toString();
  }

  /** The corrected structured file of a system (HDFS, BGL and OpenSSH have one). */
  static String corrected(String system) {
    return TestSpark.sample(
            "logparser_loghub_2k_corrected/"
                + system
                + "/"
                + system
                + "_2k.log_structured_corrected.csv")
        .toString();
  }

  /** Reads a structured CSV: header, RFC 4180 quotes (a quote inside is doubled). */
  static Dataset<Row> read(String path) {
    return TestSpark.session()
        .read()
        .option("header", "true")
        .option("quote", "\"")
        .option("escape", "\"")
        .option("mode", "FAILFAST")
        .csv(path);
  }

  /**
   * The rows of a structured CSV as events: {@code format}, {@code source} (the file name), {@code
   * line_number} (LineId), {@code message} (Content), {@code ts} (LineId seconds after the epoch,
   * so first and last seen are checkable), and the truth {@code EventId}.
   */
  static Dataset<Row> events(String system, String path) {
    String file = path.substring(path.lastIndexOf('/') + 1);
    return read(path)
        .select(
            lit(system.toLowerCase(Locale.ROOT)).as(Columns.FORMAT),
            lit(file).as(Columns.SOURCE),
            col("LineId").cast("long").as(Columns.LINE_NUMBER),
            col("Content").as(Columns.MESSAGE),
            timestamp_seconds(col("LineId").cast("long")).as(Columns.TS),
            col("EventId"));
  }
}
