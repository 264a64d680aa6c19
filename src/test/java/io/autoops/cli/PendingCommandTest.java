package io.autoops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoops.TestSpark;
import io.autoops.pipelines.cli.AutoopsMain;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code autoops pending} on a real warehouse: the HDFS 2k sample ingested, its features built and
 * its k-means model trained through the CLI, then 30 more real lines ingested from a new file.
 */
class PendingCommandTest {
  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void exitsZeroForNewEventsAndNinetyNineOnceTrainedOnThem() throws IOException {
    String warehouse = dir.resolve("warehouse").toString();
    Path sample = TestSpark.sample("loghub/HDFS/HDFS_2k.log");
    TestSpark.session();

    assertThat(run("ingest", "--format", "hdfs", "--warehouse", warehouse, sample.toString()))
        .as(err())
        .isZero();
    assertThat(run("pending", "--warehouse", warehouse)).as(err()).isZero();
    assertThat(lastLine())
        .startsWith("pending   " + warehouse + "/silver/events in=0 out=2000 ")
        .contains(" pending=true reason=no-model events_version=0 trained_events_version=-1")
        .contains(" models=- ");

    assertThat(run("features", "--warehouse", warehouse)).as(err()).isZero();
    assertThat(run("train", "--warehouse", warehouse)).as(err()).isZero();
    assertThat(lastLine()).contains("registered=hdfs-kmeans:v1");

    assertThat(run("pending", "--warehouse", warehouse)).as(err()).isEqualTo(99);
    assertThat(lastLine())
        .contains(" in=0 out=0 ")
        .contains(" pending=false reason=up-to-date events_version=0 trained_events_version=0")
        .contains(" models=hdfs-kmeans:v1 ");
    assertThat(err()).isEmpty();

    Path more = dir.resolve("more/HDFS_more.log");
    Files.createDirectories(more.getParent());
    Files.write(more, Files.readAllLines(sample).subList(0, 30));
    assertThat(run("ingest", "--format", "hdfs", "--warehouse", warehouse, more.toString()))
        .as(err())
        .isZero();

    assertThat(run("pending", "--warehouse", warehouse)).as(err()).isZero();
    assertThat(lastLine())
        .contains(" in=0 out=30 ")
        .contains(" pending=true reason=new-events events_version=1 trained_events_version=0")
        .contains(" models=hdfs-kmeans:v1 ");
  }

  @Test
  void failsNamingTheMissingEventsTableAndTheFix() {
    String warehouse = dir.resolve("empty").toString();
    TestSpark.session();

    assertThat(run("pending", "--warehouse", warehouse)).isEqualTo(1);

    assertThat(err().strip())
        .isEqualTo(
            "autoops pending: No Delta table at "
                + warehouse
                + "/silver/events: run ingest first, or point spark.autoops.warehouse at the"
                + " warehouse that holds it.");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void rejectsAnOptionItDoesNotTakeWithExitTwo() {
    assertThat(run("pending", "--trigger", "available-now")).isEqualTo(2);
    assertThat(err().strip())
        .isEqualTo(
            "autoops pending: Unknown option --trigger. Run 'autoops pending --help' for its"
                + " options.");
  }

  private int run(String... argv) {
    out.reset();
    err.reset();
    return AutoopsMain.run(
        List.of(argv),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String lastLine() {
    List<String> lines = new ArrayList<>(out.toString(StandardCharsets.UTF_8).lines().toList());
    assertThat(lines).as("stdout").isNotEmpty();
    return lines.get(lines.size() - 1);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
