package io.autoops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoops.pipelines.cli.AutoopsMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command line's contract: help, usage errors and configuration errors, before any Spark. */
class AutoopsMainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... argv) {
    return AutoopsMain.run(
        List.of(argv),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpListsEveryCommandAndExitsZero() {
    assertThat(run("--help")).isZero();
    assertThat(out()).contains("Usage: autoops <command>").contains("conf").contains("--warehouse");
  }

  @Test
  void unknownCommandExitsTwoNamingIt() {
    assertThat(run("ingset")).isEqualTo(2);
    assertThat(err()).startsWith("autoops: unknown command 'ingset'. Commands: ");
  }

  @Test
  void unknownOptionExitsTwoNamingIt() {
    assertThat(run("conf", "--wharehouse", "x")).isEqualTo(2);
    assertThat(err())
        .contains("autoops conf: Unknown option --wharehouse.")
        .contains("Run 'autoops conf --help'");
  }

  @Test
  void badConfigurationValueExitsOneWithOneLine() {
    assertThat(run("conf", "--conf", "spark.autoops.train.seed=abc")).isEqualTo(1);
    assertThat(err().strip())
        .isEqualTo(
            "autoops conf: Invalid configuration spark.autoops.train.seed='abc': expected a whole"
                + " number.");
  }

  @Test
  void commandHelpShowsGlobalOptions() {
    assertThat(run("conf", "--help")).isZero();
    assertThat(out()).contains("Usage: autoops conf").contains("--verbose");
  }
}
