package io.autoops.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoops.TestSpark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, end to end through the CLI on the shipped samples: all six stages,
 * one line each, the right counts, and a second run that changes no table. The figures live in
 * {@link DemoExpectations}, shared with the S3 demo tests.
 */
class DemoTest {
  @TempDir Path warehouse;

  @Test
  void demoRunsEveryStageOnTheSamplesAndRerunsChangeNothing() {
    String samples = TestSpark.projectDir().resolve("samples").toString();

    String first = DemoExpectations.runDemo(warehouse.toString(), samples, List.of());

    DemoExpectations.assertFirstRunLines(first);
    Map<String, Long> counts = DemoExpectations.assertFirstRunTables(warehouse.toString());

    String second = DemoExpectations.runDemo(warehouse.toString(), samples, List.of());

    assertThat(DemoExpectations.tableCounts(warehouse.toString())).isEqualTo(counts);
    DemoExpectations.assertRerunLines(second);
  }
}
