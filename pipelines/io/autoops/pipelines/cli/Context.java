package io.autoops.pipelines.cli;

import io.autoops.pipelines.AutoopsSession;
import io.autoops.pipelines.StorageCheck;
import io.autoops.pipelines.conf.AutoopsConf;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * What a command runs with: the validated configuration, and a SparkSession started on first use
 * (so {@code --help} and configuration errors never wait for Spark).
 */
final class Context {
  private final Map<String, String> settings;
  private final AutoopsConf conf;
  private final Path home;
  private final PrintStream out;
  private SparkSession spark;
  private boolean ownsSession;

  Context(Map<String, String> settings, AutoopsConf conf, Path home, PrintStream out) {
    this.settings = settings;
    this.conf = conf;
    this.home = home;
    this.out = out;
  }

  AutoopsConf conf() {
    return conf;
  }

  /** The autoops installation folder (where {@code conf/} and {@code samples/} are). */
  Path home() {
    return home;
  }

  /** Where a command prints what it was asked for (its stage lines are printed by the caller). */
  PrintStream out() {
    return out;
  }

  /**
   * The session, started on first use; before returning it the first time, checks that the
   * warehouse's store answers ({@link StorageCheck#warehouse}), so no Spark job starts against an
   * unreachable store.
   */
  SparkSession spark() {
    if (spark == null) {
      ownsSession = SparkSession.getDefaultSession().isEmpty();
      spark = AutoopsSession.getOrCreate(settings);
      StorageCheck.warehouse(spark, conf);
    }
    return spark;
  }

  /** Stops the session if this run started it (an embedding caller's session is left alone). */
  void close() {
    if (spark != null && ownsSession) {
      spark.stop();
    }
  }
}
