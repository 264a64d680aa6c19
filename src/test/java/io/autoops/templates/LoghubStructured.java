package io.autoops.templates;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.timestamp_seconds;

import io.autoops.TestSpark;
import io.autoops.pipelines.ingest.LogFormats;
import io.autoops.transforms.Columns;
import io.autoops.transforms.templates.MinerSettings;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
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

  /**
   * Miner settings per format name, as shipped in conf/formats: the accuracy tests measure the
   * settings users run with.
   */
  static final Map<String, MinerSettings> SETTINGS = shippedSettings();

  private LoghubStructured() {}

  private static Map<String, MinerSettings> shippedSettings() {
    LogFormats formats = LogFormats.load(new Configuration(), "");
    Map<String, MinerSettings> settings = new TreeMap<>();
    for (String name : formats.names()) {
      settings.put(name, formats.get(name).miner());
    }
    return settings;
  }

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
