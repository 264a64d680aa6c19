package io.autoops.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoops.TestSpark;
import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.DeltaVersions;
import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.Tables;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.pipelines.ingest.IngestJob;
import io.autoops.pipelines.ingest.IngestOptions;
import io.autoops.pipelines.ingest.IngestTables;
import io.autoops.transforms.Columns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ingest job over the shipped samples: tables, idempotence, stream mode, labels, bad input. */
class IngestJobTest {
  private static final List<String> TABLES =
      List.of(Tables.RAW_LINES, Tables.EVENTS, Tables.QUARANTINE, Tables.TEMPLATES);

  @TempDir Path dir;

  private static final SparkSession SPARK = TestSpark.session();

  private AutoopsConf conf(String warehouse, String... settings) {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(AutoopsConf.WAREHOUSE.key(), dir.resolve(warehouse).toString());
    for (int i = 0; i < settings.length; i += 2) {
      map.put(settings[i], settings[i + 1]);
    }
    return AutoopsConf.of(map);
  }

  private static Dataset<Row> table(AutoopsConf conf, String name) {
    return SPARK.read().format("delta").load(conf.table(name));
  }

  private static String hdfs2k() {
    return TestSpark.sample("loghub/HDFS/HDFS_2k.log").toString();
  }

  /** Three real HDFS lines, an empty line and a garbage line. */
  private Path mixedHdfsFile(Path folder) throws IOException {
    List<String> real = Files.readAllLines(TestSpark.sample("loghub/HDFS/HDFS_2k.log"));
    Path file = folder.resolve("mixed.log");
    Files.createDirectories(folder);
    Files.writeString(
        file,
        real.get(0) + "\r\n" + real.get(1) + "\r\n\r\nnot an hdfs line\r\n" + real.get(2) + "\r\n");
    return file;
  }

  private Map<String, Long> counts(AutoopsConf conf) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String name : TABLES) {
      counts.put(name, table(conf, name).count());
    }
    return counts;
  }

  private Map<String, Long> versions(AutoopsConf conf) {
    Map<String, Long> versions = new LinkedHashMap<>();
    for (String name : TABLES) {
      versions.put(name, DeltaVersions.version(SPARK, conf.table(name)));
    }
    return versions;
  }

  @Test
  void batchIngestWritesEveryTableAndARerunAddsNothing() throws IOException {
    AutoopsConf conf = conf("wh");
    Path mixed = mixedHdfsFile(dir.resolve("in"));
    IngestOptions options = IngestOptions.of("hdfs", hdfs2k(), mixed.toString());

    StageReport first = IngestJob.run(SPARK, conf, options);

    assertThat(first.rowsIn()).isEqualTo(2005);
    assertThat(first.rowsOut()).isEqualTo(2003);
    assertThat(first.figures())
        .containsEntry("parsed", 2003L)
        .containsEntry("quarantined", 2L)
        .containsEntry("new_raw_lines", 2005L)
        .containsEntry("new_quarantined", 2L)
        .containsEntry("entities", 1994L);
    assertThat(counts(conf))
        .containsEntry(Tables.RAW_LINES, 2005L)
        .containsEntry(Tables.EVENTS, 2003L)
        .containsEntry(Tables.QUARANTINE, 2L);
    assertThat(table(conf, Tables.QUARANTINE).orderBy(Columns.LINE_NUMBER).collectAsList())
        .extracting(r -> r.getAs(Columns.LINE_NUMBER) + " " + r.getAs(Columns.REASON))
        .containsExactly("3 empty line", "4 line does not match format hdfs");
    Dataset<Row> events = table(conf, Tables.EVENTS);
    assertThat(events.columns()).containsExactly(IngestTables.EVENTS_SCHEMA.fieldNames());
    assertThat(events.where(col(Columns.TEMPLATE_ID).isNull()).count()).isZero();
    assertThat(events.select(Columns.RUN_ID).distinct().count()).isEqualTo(1);
    assertThat(table(conf, Tables.TEMPLATES).agg(sum(Columns.COUNT)).first().getLong(0))
        .isEqualTo(2003);
    // raw_id and event_id are the same deterministic id of source, line number and text.
    assertThat(
            events
                .join(
                    table(conf, Tables.RAW_LINES),
                    col(Columns.EVENT_ID).equalTo(col(Columns.RAW_ID)))
                .count())
        .isEqualTo(2003);

    Map<String, Long> countsBefore = counts(conf);
    Map<String, Long> versionsBefore = versions(conf);
    StageReport second = IngestJob.run(SPARK, conf, options);

    assertThat(second.rowsIn()).isEqualTo(2005);
    assertThat(second.rowsOut()).isZero();
    assertThat(second.figures())
        .containsEntry("new_raw_lines", 0L)
        .containsEntry("new_quarantined", 0L)
        .containsEntry("templates", 0L);
    assertThat(counts(conf)).isEqualTo(countsBefore);
    assertThat(versions(conf)).isEqualTo(versionsBefore);
  }

  @Test
  void aFileReplacedUnderTheSameNameHasItsNewLinesIngested() throws IOException {
    AutoopsConf conf = conf("wh");
    List<String> real = Files.readAllLines(TestSpark.sample("loghub/HDFS/HDFS_2k.log"));
    Path file = dir.resolve("logs").resolve("app.log");
    Files.createDirectories(file.getParent());
    Files.write(file, real.subList(0, 3));
    IngestJob.run(SPARK, conf, IngestOptions.of("hdfs", file.toString()));

    // Rotated: the same name now holds the first line again and four lines it never held.
    List<String> rotated = new java.util.ArrayList<>(List.of(real.get(0)));
    rotated.addAll(real.subList(100, 104));
    Files.write(file, rotated);
    StageReport second = IngestJob.run(SPARK, conf, IngestOptions.of("hdfs", file.toString()));

    assertThat(second.rowsIn()).isEqualTo(5);
    assertThat(second.rowsOut()).as("line 1 is unchanged; lines 2 to 5 are new").isEqualTo(4);
    assertThat(counts(conf))
        .containsEntry(Tables.RAW_LINES, 7L)
        .containsEntry(Tables.EVENTS, 7L)
        .containsEntry(Tables.QUARANTINE, 0L);
  }

  @Test
  void streamModeOverAFolderGivesTheSameTablesAsBatch() throws IOException {
    Path folder = dir.resolve("logs");
    mixedHdfsFile(folder);
    Files.copy(TestSpark.sample("loghub/HDFS/HDFS_2k.log"), folder.resolve("HDFS_2k.log"));
    AutoopsConf batch = conf("batch");
    AutoopsConf stream = conf("stream", AutoopsConf.INGEST_MODE.key(), "stream");

    IngestJob.run(SPARK, batch, IngestOptions.of("hdfs", folder.toString()));
    StageReport streamed =
        IngestJob.run(SPARK, stream, IngestOptions.of("hdfs", folder.toString()));

    assertThat(streamed.rowsIn()).isEqualTo(2005);
    assertThat(counts(stream)).isEqualTo(counts(batch));
    assertThat(table(stream, Tables.TEMPLATES).agg(sum(Columns.COUNT)).first().getLong(0))
        .isEqualTo(2003);
    assertThat(
            table(stream, Tables.EVENTS)
                .select(Columns.EVENT_ID, Columns.TS, Columns.ENTITY, Columns.MESSAGE)
                .except(
                    table(batch, Tables.EVENTS)
                        .select(Columns.EVENT_ID, Columns.TS, Columns.ENTITY, Columns.MESSAGE))
                .count())
        .isZero();
    assertThat(Files.isDirectory(dir.resolve("stream/_checkpoints/ingest-hdfs"))).isTrue();

    Map<String, Long> versionsBefore = versions(stream);
    StageReport again = IngestJob.run(SPARK, stream, IngestOptions.of("hdfs", folder.toString()));

    assertThat(again.rowsIn()).isZero();
    assertThat(versions(stream)).isEqualTo(versionsBefore);
  }

  @Test
  void loadsHdfsBlockLabelsIdempotently() {
    AutoopsConf conf = conf("wh");
    String log = TestSpark.sample("logai_hdfs_5k/HDFS_5k.log").toString();
    String labels = TestSpark.sample("logai_hdfs_5k/HDFS_5k_preprocessed_logrecord.csv").toString();

    StageReport report =
        IngestJob.run(SPARK, conf, new IngestOptions("hdfs", List.of(log), labels));

    assertThat(report.rowsIn()).isEqualTo(4519);
    assertThat(report.rowsOut()).isEqualTo(4519);
    assertThat(report.figures()).containsEntry("entities", 110L).containsEntry("labels", 110L);
    Dataset<Row> labelRows = table(conf, Tables.LABELS);
    assertThat(labelRows.count()).isEqualTo(110);
    assertThat(labelRows.where(col(Columns.LABEL).equalTo(1)).count()).isEqualTo(10);
    assertThat(labelRows.where(col(Columns.FORMAT).notEqual("hdfs")).count()).isZero();
    // Every labelled block is an entity of the ingested events.
    assertThat(
            labelRows
                .join(
                    table(conf, Tables.EVENTS).select(Columns.ENTITY).distinct(),
                    new String[] {Columns.ENTITY})
                .count())
        .isEqualTo(110);

    long version = DeltaVersions.version(SPARK, conf.table(Tables.LABELS));
    StageReport again = IngestJob.run(SPARK, conf, new IngestOptions("hdfs", List.of(), labels));

    assertThat(again.figures()).containsEntry("labels", 0L);
    assertThat(DeltaVersions.version(SPARK, conf.table(Tables.LABELS))).isEqualTo(version);
  }

  @Test
  void syslogYearComesFromTheConfiguration() {
    AutoopsConf conf = conf("wh", AutoopsConf.INGEST_SYSLOG_YEAR.key(), "2009");
    String linux = TestSpark.sample("loghub/Linux/Linux_2k.log").toString();

    IngestJob.run(SPARK, conf, IngestOptions.of("linux", linux));

    Row range =
        table(conf, Tables.EVENTS)
            .agg(
                org.apache.spark.sql.functions.min(Columns.TS).cast("string"),
                org.apache.spark.sql.functions.max(Columns.TS).cast("string"))
            .first();
    assertThat(range.getString(0)).isEqualTo("2009-06-14 15:16:01");
    assertThat(range.getString(1)).isEqualTo("2009-07-27 14:42:00");
  }

  @Test
  void aFirstWriteThatDiedBeforeItsCommitDoesNotBlockTheNextRun() throws IOException {
    AutoopsConf conf = conf("wh");
    Path leftover = Path.of(conf.table(Tables.QUARANTINE), "_delta_log", "_staged_commits");
    Files.createDirectories(leftover);
    Path mixed = mixedHdfsFile(dir.resolve("in"));

    StageReport report = IngestJob.run(SPARK, conf, IngestOptions.of("hdfs", mixed.toString()));

    assertThat(report.rowsOut()).isEqualTo(3);
    assertThat(counts(conf))
        .containsEntry(Tables.RAW_LINES, 5L)
        .containsEntry(Tables.QUARANTINE, 2L)
        .containsEntry(Tables.EVENTS, 3L);
  }

  @Test
  void aScheduledStreamRunOverAnEmptyFolderIngestsNothingAndSucceeds() throws IOException {
    AutoopsConf stream = conf("wh", AutoopsConf.INGEST_MODE.key(), "stream");
    Path incoming = Files.createDirectories(dir.resolve("incoming"));

    StageReport report =
        IngestJob.run(SPARK, stream, IngestOptions.of("hdfs", incoming.toString()));

    assertThat(report.rowsIn()).isZero();
    assertThat(report.rowsOut()).isZero();
  }

  @Test
  void rejectsBadInputBeforeWritingAnything() throws IOException {
    AutoopsConf conf = conf("wh");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    String missing = dir.resolve("missing.log").toString();

    assertThatThrownBy(() -> IngestJob.run(SPARK, conf, IngestOptions.of("hdfs", missing)))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "Input path "
                + missing
                + " does not exist: check the path (a local file or folder, s3a://, hdfs://).");
    assertThatThrownBy(
            () -> IngestJob.run(SPARK, conf, IngestOptions.of("hdfs", hdfs2k(), empty.toString())))
        .isInstanceOf(AutoopsException.class)
        .hasMessageStartingWith("Input folder ")
        .hasMessageEndingWith("empty holds no log files: put files into it or pass another path.");
    assertThatThrownBy(() -> IngestJob.run(SPARK, conf, IngestOptions.of("nginx", hdfs2k())))
        .isInstanceOf(AutoopsException.class)
        .hasMessageStartingWith("Unknown log format 'nginx': known formats are apache, bgl,");
    AutoopsConf stream = conf("wh", AutoopsConf.INGEST_MODE.key(), "stream");
    assertThatThrownBy(() -> IngestJob.run(SPARK, stream, IngestOptions.of("hdfs", hdfs2k())))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "Input path "
                + hdfs2k()
                + " is a file, but stream mode reads folders: pass its folder, or use --mode"
                + " batch.");
    assertThatThrownBy(
            () -> IngestJob.run(SPARK, conf, new IngestOptions("hdfs", List.of(hdfs2k()), missing)))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "Labels file "
                + missing
                + " does not exist: check the path (a local file or folder, s3a://, hdfs://).");
    assertThatThrownBy(() -> IngestJob.run(SPARK, conf, IngestOptions.of("hdfs")))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "No input path given: pass one or more log files or folders, as in 'ingest --format"
                + " hdfs logs/'.");

    assertThat(dir.resolve("wh")).doesNotExist();
  }
}
