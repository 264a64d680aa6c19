package io.autoops;

import io.autoops.pipelines.AutoopsSession;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession of the test JVM, and where the shipped samples live. Surefire runs
 * every test class in one JVM, so the session's start-up is paid once.
 */
public final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  /** The shared session: local[2], two shuffle partitions, no UI, Delta enabled, UTC. */
  public static synchronized SparkSession session() {
    if (session == null) {
      session =
          AutoopsSession.getOrCreate(
              Map.ofEntries(
                  Map.entry("spark.master", "local[2]"),
                  Map.entry("spark.app.name", "autoops-tests"),
                  Map.entry("spark.sql.shuffle.partitions", "2"),
                  Map.entry("spark.default.parallelism", "2"),
                  Map.entry("spark.ui.enabled", "false"),
                  Map.entry("spark.ui.showConsoleProgress", "false"),
                  Map.entry("spark.driver.host", "127.0.0.1"),
                  Map.entry("spark.driver.bindAddress", "127.0.0.1"),
                  Map.entry("spark.databricks.delta.snapshotPartitions", "2"),
                  Map.entry("spark.sql.streaming.stopTimeout", "30s"),
                  Map.entry("spark.sql.debug.maxToStringFields", "500")));
    }
    return session;
  }

  /** The project root (where pom.xml is). */
  public static Path projectDir() {
    return Paths.get(System.getProperty("autoops.project.dir", ".")).toAbsolutePath().normalize();
  }

  /**
   * A shipped sample file, relative to the samples folder, such as {@code loghub/HDFS/HDFS_2k.log}.
   */
  public static Path sample(String relative) {
    return projectDir().resolve("samples").resolve(relative);
  }
}
