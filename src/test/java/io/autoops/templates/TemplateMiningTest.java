package io.autoops.templates;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.autoops.TestSpark;
import io.autoops.transforms.Columns;
import io.autoops.transforms.templates.GroupingAccuracy;
import io.autoops.transforms.templates.MinerSettings;
import io.autoops.transforms.templates.TemplateMining;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateMiningTest {
  private static final List<String> SYSTEMS = List.of("HDFS", "BGL", "OpenSSH", "Linux", "Apache");

  private final SparkSession spark = TestSpark.session();

  private static Dataset<Row> assign(Dataset<Row> events) {
    return TemplateMining.assign(
        events, TemplateMining.noTemplates(TestSpark.session()), LoghubStructured.SETTINGS);
  }

  @Test
  void readsStructuredCsvWithQuotedCommas() {
    Dataset<Row> bgl = LoghubStructured.read(LoghubStructured.original("BGL"));
    Dataset<Row> linux = LoghubStructured.read(LoghubStructured.original("Linux"));

    assertThat(bgl.count()).isEqualTo(2000);
    assertThat(linux.count()).isEqualTo(2000);
    Row bgl8 = bgl.filter(col("LineId").equalTo("8")).first();
    assertThat(bgl8.<String>getAs("Content")).isEqualTo("CE sym 2, at 0x0b85eee0, mask 0x05");
    assertThat(bgl8.<String>getAs("EventId")).isEqualTo("E18");
    assertThat(bgl8.<String>getAs("EventTemplate")).isEqualTo("CE sym <*>, at <*>, mask <*>");
    Row linux1748 = linux.filter(col("LineId").equalTo("1748")).first();
    assertThat(linux1748.<String>getAs("Content"))
        .isEqualTo("ANONYMOUS FTP LOGIN FROM 84.102.20.2,  (anonymous)");
    assertThat(linux1748.<String>getAs("EventId")).isEqualTo("E9");
  }

  /** Measured accuracy, and Drain's published figure (Zhu et al. 2019) it must not fall below. */
  @ParameterizedTest(name = "{0}: {1} (Drain published {2})")
  @CsvSource({
    "HDFS, 1.0, 0.998, 14",
    "BGL, 0.988, 0.963, 117",
    "OpenSSH, 0.9945, 0.788, 25",
    "Linux, 0.809, 0.690, 117",
    "Apache, 1.0, 1.0, 6"
  })
  void groupsLoghubSamplesAtLeastAsWellAsPublishedDrain(
      String system, double measured, double published, long templates) {
    Dataset<Row> assigned =
        assign(LoghubStructured.events(system, LoghubStructured.original(system)));

    double accuracy = GroupingAccuracy.accuracy(assigned, Columns.TEMPLATE_ID, "EventId");

    assertThat(accuracy).isCloseTo(measured, within(0.0005)).isGreaterThanOrEqualTo(published);
    assertThat(assigned.select(Columns.TEMPLATE_ID).distinct().count()).isEqualTo(templates);
  }

  @ParameterizedTest(name = "{0} corrected: {1}")
  @CsvSource({"HDFS, 1.0", "BGL, 0.988", "OpenSSH, 0.996"})
  void groupsCorrectedGroundTruth(String system, double measured) {
    Dataset<Row> assigned =
        assign(LoghubStructured.events(system, LoghubStructured.corrected(system)));

    assertThat(GroupingAccuracy.accuracy(assigned, Columns.TEMPLATE_ID, "EventId"))
        .isCloseTo(measured, within(0.0005));
  }

  @Test
  void addsTemplateIdAndTemplateAsItStoodWhenTheLineJoined() {
    Dataset<Row> events = LoghubStructured.events("HDFS", LoghubStructured.original("HDFS"));
    Dataset<Row> assigned = assign(events);

    assertThat(assigned.columns())
        .containsExactly(
            Columns.FORMAT,
            Columns.SOURCE,
            Columns.LINE_NUMBER,
            Columns.MESSAGE,
            Columns.TS,
            "EventId",
            Columns.TEMPLATE_ID,
            Columns.TEMPLATE);
    assertThat(assigned.count()).isEqualTo(2000);
    Row first = assigned.filter(col(Columns.LINE_NUMBER).equalTo(1)).first();
    assertThat(first.<String>getAs(Columns.MESSAGE))
        .isEqualTo("PacketResponder 1 for block blk_38865049064139660 terminating");
    assertThat(first.<String>getAs(Columns.TEMPLATE))
        .isEqualTo("PacketResponder <*> for block <*> terminating");
    assertThat(first.<String>getAs(Columns.TEMPLATE_ID)).matches("hdfs-[0-9a-f]{12}");
    // The BLOCK* ask lines list one or many blocks: the mask makes the list one wildcard.
    List<Row> deletes =
        assigned
            .filter(col("EventId").equalTo("E4"))
            .select(Columns.TEMPLATE)
            .distinct()
            .collectAsList();
    assertThat(deletes)
        .extracting(r -> r.getString(0))
        .containsExactly("BLOCK* ask <*> to delete <*>");
  }

  @Test
  void summarizesEachTemplateWithItsLastTextCountAndTimes() {
    Dataset<Row> assigned =
        assign(LoghubStructured.events("HDFS", LoghubStructured.original("HDFS")));
    Dataset<Row> summary = TemplateMining.summarize(assigned);

    assertThat(summary.columns())
        .containsExactly(
            Columns.TEMPLATE_ID,
            Columns.FORMAT,
            Columns.TEMPLATE,
            Columns.COUNT,
            Columns.FIRST_SEEN,
            Columns.LAST_SEEN);
    assertThat(summary.count()).isEqualTo(14);
    assertThat(summary.agg(sum(Columns.COUNT)).first().getLong(0)).isEqualTo(2000);
    // E10 PacketResponder ... terminating: 311 lines, the first at line 1.
    Row responder = summary.filter(col(Columns.TEMPLATE).startsWith("PacketResponder")).first();
    assertThat(responder.<String>getAs(Columns.TEMPLATE))
        .isEqualTo("PacketResponder <*> for block <*> terminating");
    assertThat(responder.<String>getAs(Columns.FORMAT)).isEqualTo("hdfs");
    assertThat(responder.<Long>getAs(Columns.COUNT))
        .isEqualTo(assigned.filter(col("EventId").equalTo("E10")).count());
    assertThat(responder.<Timestamp>getAs(Columns.FIRST_SEEN)).isEqualTo(new Timestamp(1000L));
  }

  @Test
  void keepsIdsAcrossRunsAndWhenSeededWithTheFirstRunsTemplates() {
    Dataset<Row> events = null;
    for (String system : SYSTEMS) {
      Dataset<Row> one = LoghubStructured.events(system, LoghubStructured.original(system));
      events = events == null ? one : events.unionByName(one);
    }
    Dataset<Row> first = assign(events).cache();
    try {
      Dataset<Row> second = assign(events);
      Dataset<Row> known = TemplateMining.summarize(first);
      Dataset<Row> seeded = TemplateMining.assign(events, known, LoghubStructured.SETTINGS);

      assertThat(first.count()).isEqualTo(10_000);
      assertThat(differentIds(first, second)).isZero();
      assertThat(differentIds(first, seeded)).isZero();
      // Seeded with the final templates, nothing new appears and every template keeps its text.
      assertThat(TemplateMining.summarize(seeded).exceptAll(known).count()).isZero();
      assertThat(known.count()).isEqualTo(14 + 117 + 25 + 117 + 6);
    } finally {
      first.unpersist();
    }
  }

  private static long differentIds(Dataset<Row> a, Dataset<Row> b) {
    return a.as("a")
        .join(
            b.as("b"),
            col("a." + Columns.SOURCE)
                .equalTo(col("b." + Columns.SOURCE))
                .and(col("a." + Columns.LINE_NUMBER).equalTo(col("b." + Columns.LINE_NUMBER))),
            "full_outer")
        .filter(
            col("a." + Columns.TEMPLATE_ID)
                .eqNullSafe(col("b." + Columns.TEMPLATE_ID))
                .unary_$bang())
        .count();
  }

  private Dataset<Row> handMade(String... messages) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < messages.length; i++) {
      rows.add(
          RowFactory.create("app", "app.log", (long) i + 1, messages[i], new Timestamp(i * 1000L)));
    }
    StructType schema =
        new StructType()
            .add(Columns.FORMAT, "string")
            .add(Columns.SOURCE, "string")
            .add(Columns.LINE_NUMBER, "long")
            .add(Columns.MESSAGE, "string")
            .add(Columns.TS, "timestamp");
    return spark.createDataFrame(rows, schema);
  }

  private static String id(String format, String template) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256")
            .digest((format + "\n" + template).getBytes(StandardCharsets.UTF_8));
    return format + "-" + HexFormat.of().formatHex(digest).substring(0, 12);
  }

  @Test
  void widensTheTemplateLineByLineAndNamesItAfterItsFirstLine() throws Exception {
    // Lines are given out of order and spread over partitions: mining follows line numbers.
    Dataset<Row> events =
        handMade(
                "user alice logged in from 10.0.0.1",
                "user bob logged in from 10.0.0.2",
                "disk sda1 is full",
                "user carol logged in from 10.0.0.3")
            .orderBy(col(Columns.LINE_NUMBER).desc())
            .repartition(3);
    // Depth 3: only the first token picks the leaf (with depth 4 the user name would, and bob
    // would start a cluster of his own, as in Drain).
    Map<String, MinerSettings> settings =
        Map.of("app", new MinerSettings(List.of(LoghubStructured.IP_PORT), 3, 0.5));

    List<Row> rows =
        TemplateMining.assign(events, TemplateMining.noTemplates(spark), settings)
            .orderBy(Columns.LINE_NUMBER)
            .select(Columns.TEMPLATE_ID, Columns.TEMPLATE)
            .collectAsList();

    String users = id("app", "user alice logged in from <*>");
    assertThat(rows)
        .extracting(r -> r.getString(0) + " | " + r.getString(1))
        .containsExactly(
            users + " | user alice logged in from <*>",
            users + " | user <*> logged in from <*>",
            id("app", "disk sda1 is full") + " | disk sda1 is full",
            users + " | user <*> logged in from <*>");
  }

  @Test
  void givesALineThatFitsAKnownTemplateItsId() {
    Dataset<Row> known =
        spark.createDataFrame(
            List.of(
                RowFactory.create(
                    "app-handpicked", "app", "user <*> logged in from <*>", 3L, null, null)),
            TemplateMining.noTemplates(spark).schema());
    Map<String, MinerSettings> settings =
        Map.of("app", new MinerSettings(List.of(LoghubStructured.IP_PORT), 4, 0.5));

    Dataset<Row> assigned =
        TemplateMining.assign(
            handMade("user dave logged in from 10.0.0.9", "disk sda1 is full"), known, settings);
    Row summary =
        TemplateMining.summarize(assigned)
            .filter(col(Columns.TEMPLATE_ID).equalTo("app-handpicked"))
            .first();

    assertThat(summary.<String>getAs(Columns.TEMPLATE)).isEqualTo("user <*> logged in from <*>");
    assertThat(summary.<Long>getAs(Columns.COUNT)).isEqualTo(1L);
    assertThat(assigned.select(Columns.TEMPLATE_ID).distinct().count()).isEqualTo(2);
  }

  @Test
  void rejectsBadMinerSettingsByName() {
    assertThatThrownBy(() -> new MinerSettings(List.of(), 2, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Template miner depth 2 is too small: use 3 or more (4 is usual).");
    assertThatThrownBy(() -> new MinerSettings(List.of(), 4, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Template miner similarity 1.5 is out of range: use 0 to 1 (0.5 is usual).");
    assertThatThrownBy(() -> new MinerSettings(List.of("blk_(\\d+"), 4, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Template miner mask 'blk_(\\d+' is not a Java regex: ");
  }
}
