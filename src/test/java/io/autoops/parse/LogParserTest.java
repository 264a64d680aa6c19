package io.autoops.parse;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.assertj.core.api.Assertions.assertThat;

import io.autoops.TestSpark;
import io.autoops.pipelines.ingest.LogFiles;
import io.autoops.pipelines.ingest.LogFormats;
import io.autoops.transforms.Columns;
import io.autoops.transforms.format.LogFormat;
import io.autoops.transforms.parse.LogParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing the shipped samples and hand-written edge cases. */
class LogParserTest {
  private static final LogFormats FORMATS =
      LogFormats.load(TestSpark.session().sparkContext().hadoopConfiguration(), "");

  @TempDir Path dir;

  private static LogParser.Parsed parse(String format, int lastYear, String... paths) {
    SparkSession spark = TestSpark.session();
    return LogParser.parse(
        LogFiles.read(spark, List.of(paths), format), FORMATS.get(format), lastYear);
  }

  private static String sample(String system) {
    return TestSpark.sample("loghub/" + system + "/" + system + "_2k.log").toString();
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource({
    "hdfs, HDFS, 1994",
    "bgl, BGL, 1778",
    "openssh, OpenSSH, 1",
    "linux, Linux, 1",
    "apache, Apache, 33"
  })
  void messageEqualsLoghubContentOnEveryLine(String format, String system, long entities) {
    SparkSession spark = TestSpark.session();
    LogParser.Parsed parsed = parse(format, 2005, sample(system));
    Dataset<Row> events = parsed.events();
    Dataset<Row> truth =
        spark
            .read()
            .option("header", "true")
            .option("escape", "\"")
            .csv(sample(system) + "_structured.csv")
            .select(col("LineId").cast("long").as("id"), col("Content"));

    Dataset<Row> joined =
        events.join(truth, events.col(Columns.LINE_NUMBER).equalTo(truth.col("id")), "full_outer");

    assertThat(events.count()).isEqualTo(2000);
    assertThat(parsed.quarantine().count()).isZero();
    assertThat(joined.where(col(Columns.MESSAGE).eqNullSafe(col("Content")).unary_$bang()).count())
        .isZero();
    assertThat(events.where(col(Columns.TS).isNull()).count()).isZero();
    assertThat(events.agg(countDistinct(col(Columns.ENTITY))).first().getLong(0))
        .isEqualTo(entities);
  }

  @Test
  void hdfsLineSplitsIntoFieldsAndBlockEntity() {
    Row first =
        parse("hdfs", 0, sample("HDFS"))
            .events()
            .where(col(Columns.LINE_NUMBER).equalTo(3))
            .first();

    assertThat(first.<Timestamp>getAs(Columns.TS).toInstant())
        .isEqualTo(Instant.parse("2008-11-09T20:40:05Z"));
    assertThat(first.<String>getAs(Columns.LEVEL)).isEqualTo("INFO");
    assertThat(first.<String>getAs(Columns.COMPONENT)).isEqualTo("dfs.FSNamesystem");
    assertThat(first.<String>getAs(Columns.HOST)).isNull();
    assertThat(first.<String>getAs(Columns.ENTITY)).isEqualTo("blk_7128370237687728475");
    assertThat(first.<Integer>getAs(Columns.LABEL)).isNull();
  }

  @Test
  void bglTimestampsInPacificTimeEqualTheEpochColumnAndAlertsAreLabelled() {
    Dataset<Row> events = parse("bgl", 0, sample("BGL")).events();
    Dataset<Row> epochs =
        TestSpark.session()
            .read()
            .text(sample("BGL"))
            .select(
                org.apache
                    .spark
                    .sql
                    .functions
                    .timestamp_seconds(
                        org.apache
                            .spark
                            .sql
                            .functions
                            .split(col("value"), " ")
                            .getItem(1)
                            .cast("long"))
                    .as("epoch_ts"),
                org.apache.spark.sql.functions.regexp_replace(col("value"), "\r$", "").as("l"));

    assertThat(events.where(col(Columns.LABEL).equalTo(1)).count()).isEqualTo(143);
    assertThat(events.where(col(Columns.LABEL).equalTo(0)).count()).isEqualTo(1857);
    // Every line's ts is the instant of its epoch-seconds column (BGL local time is PDT).
    Dataset<Row> lines = parse("bgl", 0, sample("BGL")).lines();
    assertThat(
            lines
                .join(epochs, lines.col(Columns.LINE).equalTo(epochs.col("l")))
                .where(
                    org.apache
                        .spark
                        .sql
                        .functions
                        .date_trunc("second", col(Columns.TS))
                        .notEqual(col("epoch_ts")))
                .count())
        .isZero();
  }

  @Test
  void apacheEntityIsTheClientElseTheLogFile() {
    Dataset<Row> events = parse("apache", 0, sample("Apache")).events();

    assertThat(events.where(col(Columns.ENTITY).rlike("^\\d+\\.\\d+\\.\\d+\\.\\d+$")).count())
        .isEqualTo(32);
    assertThat(events.where(col(Columns.ENTITY).endsWith("Apache_2k.log")).count()).isEqualTo(1968);
    assertThat(
            events
                .where(col(Columns.LINE_NUMBER).equalTo(1))
                .first()
                .<Timestamp>getAs(Columns.TS)
                .toInstant())
        .isEqualTo(Instant.parse("2005-12-04T04:47:44Z"));
  }

  @Test
  void quarantinesEmptyUnmatchedAndBadTimestampLinesWithTheirReason() throws IOException {
    Path file = dir.resolve("hdfs-mixed.log");
    List<String> real =
        Files.readAllLines(TestSpark.sample("loghub/HDFS/HDFS_2k.log")).subList(0, 3);
    String text =
        real.get(0)
            + "\r\n"
            + "\r\n"
            + "garbage that is no hdfs line\r\n"
            + real.get(1)
            + "\r\n"
            + "081399 203615 148 INFO dfs.DataNode: month thirteen\r\n"
            + real.get(2)
            + "\r\n";
    Files.writeString(file, text, StandardCharsets.UTF_8);

    LogParser.Parsed parsed = parse("hdfs", 0, file.toString());
    List<String> reasons =
        parsed.quarantine().orderBy(Columns.LINE_NUMBER).collectAsList().stream()
            .map(r -> r.getAs(Columns.LINE_NUMBER) + ": " + r.getAs(Columns.REASON))
            .collect(Collectors.toList());

    assertThat(reasons)
        .containsExactly(
            "2: empty line",
            "3: line does not match format hdfs",
            "5: timestamp '081399 203615' does not match pattern 'yyMMdd HHmmss'");
    assertThat(parsed.events().orderBy(Columns.LINE_NUMBER).collectAsList())
        .extracting(r -> r.<Long>getAs(Columns.LINE_NUMBER))
        .containsExactly(1L, 4L, 6L);
    assertThat(parsed.lines().count())
        .isEqualTo(parsed.events().count() + parsed.quarantine().count())
        .isEqualTo(6);
  }

  @Test
  void inferredSyslogYearCountsBackOverNewYear() throws IOException {
    Path file = dir.resolve("rollover.log");
    Files.writeString(
        file,
        String.join(
                "\n",
                "Nov 30 10:00:00 host1 sshd[1]: a",
                "Dec 31 23:59:58 host1 sshd[1]: b",
                "Jan  1 00:00:01 host1 sshd[1]: c",
                "Dec 31 23:00:00 host1 sshd[1]: d",
                "Jan 2 00:00:00 host1 sshd[1]: e",
                "Feb 29 12:00:00 host1 sshd[1]: f",
                "Feb 29 12:00:00 host1 sshd[1]: g",
                "Jan 30 12:00:00 host1 sshd[1]: h",
                "Feb  2 12:00:00 host1 sshd[1]: i")
            + "\n");

    LogParser.Parsed parsed = parse("openssh", 2024, file.toString());
    List<String> events =
        parsed.events().orderBy(Columns.LINE_NUMBER).collectAsList().stream()
            .map(r -> r.<Timestamp>getAs(Columns.TS).toInstant() + " " + r.getAs(Columns.MESSAGE))
            .collect(Collectors.toList());

    // 2022 until the first New Year, 2023 until the second, 2024 to the end; Jan 30 after Feb 29
    // is a line out of order, not a new year.
    assertThat(events)
        .containsExactly(
            "2022-11-30T10:00:00Z a",
            "2022-12-31T23:59:58Z b",
            "2023-01-01T00:00:01Z c",
            "2023-12-31T23:00:00Z d",
            "2024-01-02T00:00:00Z e",
            "2024-02-29T12:00:00Z f",
            "2024-02-29T12:00:00Z g",
            "2024-01-30T12:00:00Z h",
            "2024-02-02T12:00:00Z i");
    assertThat(parsed.quarantine().count()).isZero();
  }

  @Test
  void feb29InANonLeapInferredYearIsQuarantined() throws IOException {
    Path file = dir.resolve("leap.log");
    Files.writeString(file, "Feb 29 12:00:00 host1 sshd[1]: x\n");

    Row row = parse("linux", 2023, file.toString()).quarantine().first();

    assertThat(row.<String>getAs(Columns.REASON))
        .isEqualTo("timestamp 'Feb 29 12:00:00' is not a valid date in the inferred year 2023");
  }

  @Test
  void lineNumbersStayExactWhenAFileIsReadInManySplits() {
    SparkSession spark = TestSpark.session();
    String key = "spark.sql.files.maxPartitionBytes";
    String before = spark.conf().get(key);
    spark.conf().set(key, "16384");
    try {
      assertThat(spark.read().text(sample("HDFS")).rdd().getNumPartitions()).isGreaterThan(10);
      Dataset<Row> raw = LogFiles.read(spark, List.of(sample("HDFS")), "hdfs");
      Dataset<Row> truth =
          spark
              .read()
              .option("header", "true")
              .option("escape", "\"")
              .csv(sample("HDFS") + "_structured.csv");
      Dataset<Row> events = LogParser.parse(raw, FORMATS.get("hdfs"), 0).events();
      assertThat(events.count()).isEqualTo(2000);
      assertThat(
              events
                  .join(
                      truth,
                      events
                          .col(Columns.LINE_NUMBER)
                          .equalTo(truth.col("LineId").cast("long"))
                          .and(events.col(Columns.MESSAGE).equalTo(truth.col("Content"))))
                  .count())
          .isEqualTo(2000);
    } finally {
      spark.conf().set(key, before);
    }
  }

  @Test
  void finalLineWithoutNewlineIsKeptAndStrayCarriageReturnStaysInTheLine() throws IOException {
    Path file = dir.resolve("cr.log");
    Files.writeString(
        file, "[Sun Dec 04 04:47:44 2005] [error] a\rb\r\n[Sun Dec 04 04:47:45 2005] [notice] c");

    List<Row> events =
        parse("apache", 0, file.toString()).events().orderBy(Columns.LINE_NUMBER).collectAsList();

    assertThat(events)
        .extracting(r -> r.<String>getAs(Columns.MESSAGE))
        .containsExactly("a\rb", "c");
  }

  @Test
  void sourceIsTheQualifiedFilePath() {
    Row row = parse("linux", 2005, sample("Linux")).events().first();
    LogFormat linux = FORMATS.get("linux");

    assertThat(row.<String>getAs(Columns.SOURCE))
        .startsWith("file:")
        .endsWith("samples/loghub/Linux/Linux_2k.log");
    assertThat(row.<String>getAs(Columns.FORMAT)).isEqualTo(linux.name());
  }
}
