package io.autoops.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.pipelines.ingest.LogFormats;
import io.autoops.transforms.format.LogFormat;
import io.autoops.transforms.format.LogFormatException;
import io.autoops.transforms.format.LogFormatJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log formats are data: built-in JSON on the classpath, user JSON in a folder. */
class LogFormatsTest {
  private static final String MINIMAL =
      "{\"name\": \"%s\", \"pattern\": \"(?<ts>\\\\d{4}-\\\\d{2}-\\\\d{2}) (?<message>.*)\","
          + " \"timestampPattern\": \"yyyy-MM-dd\", \"entityKind\": \"file\","
          + " \"entityField\": \"source\"}";

  @TempDir Path dir;

  private static String withField(String json, String field) {
    return json.substring(0, json.length() - 1) + ", " + field + "}";
  }

  private static LogFormats load(String userDir) {
    return LogFormats.load(new Configuration(), userDir);
  }

  @Test
  void loadsTheFiveBuiltInFormatsFromTheClasspath() {
    LogFormats formats = load("");

    assertThat(formats.names()).containsExactly("apache", "bgl", "hdfs", "linux", "openssh");
    LogFormat hdfs = formats.get("hdfs");
    assertThat(hdfs.timestampPattern()).isEqualTo("yyMMdd HHmmss");
    assertThat(hdfs.entityKind()).isEqualTo("block");
    assertThat(hdfs.window()).isEqualTo("session");
    assertThat(hdfs.miner().masks())
        .containsExactly(
            "blk_-?\\d+(\\s+blk_-?\\d+)*",
            "(\\d+\\.){3}\\d+(:\\d+)?",
            "(?<![\\w.])-?\\d+(\\.\\d+)?(?![\\w.])");
    assertThat(hdfs.miner().similarity()).isEqualTo(0.5);
    assertThat(formats.get("bgl").timezone()).isEqualTo("America/Los_Angeles");
    assertThat(formats.get("bgl").normalLabel()).isEqualTo("-");
    assertThat(formats.get("linux").yearless()).isTrue();
    assertThat(formats.get("apache").entityFallback()).isEqualTo("source");
  }

  @Test
  void numbersNamedGroupsForRegexpExtract() {
    LogFormat bgl = load("").get("bgl");

    assertThat(bgl.groups())
        .containsExactly(
            Map.entry("label", 1),
            Map.entry("epoch", 2),
            Map.entry("date", 3),
            Map.entry("host", 4),
            Map.entry("ts", 5),
            Map.entry("node", 6),
            Map.entry("type", 7),
            Map.entry("component", 8),
            Map.entry("level", 9),
            Map.entry("message", 10));
    assertThat(load("").get("linux").groups())
        .containsExactly(
            Map.entry("ts", 1),
            Map.entry("host", 2),
            Map.entry("component", 3),
            Map.entry("pid", 4),
            Map.entry("message", 5));
  }

  @Test
  void unknownFormatNamesTheKnownOnesAndWhereToAddOne() {
    assertThatThrownBy(() -> load("").get("nginx"))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "Unknown log format 'nginx': known formats are apache, bgl, hdfs, linux, openssh. To"
                + " add one, put nginx.json into the folder set by "
                + AutoopsConf.FORMATS_DIR.key()
                + " (unset now); conf/formats/*.json shows the fields.");
  }

  @Test
  void userFolderAddsAFormatWithoutJava() throws IOException {
    Files.writeString(dir.resolve("mylog.json"), String.format(MINIMAL, "mylog"));
    Files.writeString(dir.resolve("notes.txt"), "not a format");

    LogFormats formats = load(dir.toUri().toString());

    assertThat(formats.names()).contains("mylog", "hdfs").hasSize(6);
    LogFormat mine = formats.get("mylog");
    assertThat(mine.timezone()).isEqualTo("UTC");
    assertThat(mine.window()).isEqualTo("tumbling");
    assertThat(mine.miner().depth()).isEqualTo(4);
  }

  @Test
  void badFormatFileNamesTheFileAndTheField() throws IOException {
    Path bad = dir.resolve("broken.json");
    Files.writeString(
        bad,
        String.format(MINIMAL, "broken").replace("\"file\"", "\"file\", \"timezone\": \"Mars\""));

    assertThatThrownBy(() -> load(dir.toString()))
        .isInstanceOf(AutoopsException.class)
        .hasMessageStartingWith("Log format file ")
        .hasMessageContaining("broken.json field 'timezone' = 'Mars': expected a time zone id")
        .hasMessageEndingWith("; fix that file.");
  }

  @Test
  void missingUserFolderIsRejected() {
    String missing = dir.resolve("nope").toString();

    assertThatThrownBy(() -> load(missing))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "Log format folder "
                + missing
                + " does not exist or is not a folder: create it or fix "
                + AutoopsConf.FORMATS_DIR.key()
                + ".");
  }

  @Test
  void rejectsEachKindOfBadField() {
    String ok = String.format(MINIMAL, "x");
    assertThat(LogFormatJson.parse(ok, "x.json", "x").name()).isEqualTo("x");

    assertThatThrownBy(() -> LogFormatJson.parse(ok, "y.json", "y"))
        .isInstanceOf(LogFormatException.class)
        .hasMessage(
            "Log format file y.json field 'name' = 'x': expected the file's base name 'y'; fix"
                + " that file.");
    assertThatThrownBy(() -> LogFormatJson.parse("{\"name\": \"x\"}", "x.json", "x"))
        .hasMessage("Log format file x.json lacks the required field 'pattern'; fix that file.");
    assertThatThrownBy(() -> LogFormatJson.parse(ok.replace("(?<ts>", "(?<time>"), "x.json", "x"))
        .hasMessageContaining("field 'pattern'")
        .hasMessageContaining("expected a regex with a named group (?<ts>)");
    assertThatThrownBy(() -> LogFormatJson.parse(withField(ok, "\"colour\": 1"), "x.json", ""))
        .hasMessageStartingWith("Log format file x.json has an unknown field 'colour'");
    assertThatThrownBy(
            () -> LogFormatJson.parse(ok.replace("yyyy-MM-dd", "EEE yyyy-MM-dd"), "x.json", ""))
        .hasMessageContaining("field 'timestampPattern' = 'EEE yyyy-MM-dd'")
        .hasMessageContaining("letter 'E' only formats");
    assertThatThrownBy(
            () -> LogFormatJson.parse(ok.replace("\"source\"", "\"host\""), "x.json", ""))
        .hasMessage(
            "Log format file x.json field 'entityField' = 'host': expected a named group of"
                + " pattern [ts, message] or 'source'; fix that file.");
    assertThatThrownBy(
            () -> LogFormatJson.parse(withField(ok, "\"miner\": {\"depth\": 2}"), "x.json", ""))
        .hasMessage(
            "Log format file x.json field 'miner.depth' = '2': expected a whole number from 3 to"
                + " 100; fix that file.");
    assertThatThrownBy(() -> LogFormatJson.parse("{oops", "x.json", ""))
        .hasMessageStartingWith("Log format file x.json is not valid JSON");
  }
}
