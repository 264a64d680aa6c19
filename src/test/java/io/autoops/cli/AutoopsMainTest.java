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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void profileSettingsApplyAndConfOverridesThem(@TempDir Path dir) throws IOException {
    Path profile = dir.resolve("mine.conf");
    Files.writeString(
        profile,
        "# my bucket\nspark.autoops.warehouse  s3a://my-bucket/autoops\n"
            + "spark.autoops.train.seed  7\n");
    assertThat(withProfile(profile.toString(), "conf", "--conf", "spark.autoops.train.seed=8"))
        .isZero();
    assertThat(out())
        .contains("spark.autoops.warehouse=s3a://my-bucket/autoops ")
        .contains("spark.autoops.train.seed=8 ");
  }

  @Test
  void missingProfileExitsOneNamingItAndTheFix(@TempDir Path dir) {
    Path missing = dir.resolve("nope.conf");
    assertThat(withProfile(missing.toString(), "conf")).isEqualTo(1);
    assertThat(err().strip())
        .isEqualTo(
            "autoops conf: Configuration profile "
                + missing
                + " does not exist: set AUTOOPS_PROFILE to local, cluster or the path of a"
                + " profile file.");
  }

  @Test
  void shippedLocalProfileIsValid() {
    assertThat(withProfile(TestSpark.projectDir().resolve("conf/local.conf").toString(), "conf"))
        .isZero();
    assertThat(out()).contains("spark.autoops.warehouse=warehouse ");
  }

  @Test
  void shippedClusterProfileIsValidAndNamesASharedWarehouse() {
    assertThat(withProfile(TestSpark.projectDir().resolve("conf/cluster.conf").toString(), "conf"))
        .isZero();
    assertThat(out()).contains("spark.autoops.warehouse=s3a://YOUR-BUCKET/autoops ");
  }

  /** Runs the CLI as a launcher would with the given profile file. */
  private int withProfile(String profile, String... argv) {
    String before = System.getProperty("autoops.profile");
    System.setProperty("autoops.profile", profile);
    try {
      return run(argv);
    } finally {
      if (before == null) {
        System.clearProperty("autoops.profile");
      } else {
        System.setProperty("autoops.profile", before);
      }
    }
  }
}
