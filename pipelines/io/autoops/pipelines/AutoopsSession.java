package io.autoops.pipelines;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession every autoops job runs in: Delta's SQL extension and catalog, and the
 * given settings on top of whatever spark-submit already set. Without a master (the local launcher)
 * it runs in local mode on every core.
 */
public final class AutoopsSession {
  private AutoopsSession() {}

  /**
   * Returns the active session or creates one.
   *
   * @param settings Spark settings to apply where spark-submit has not set them already, such as
   *     the contents of {@code conf/autoops-defaults.conf} and {@code --conf} pairs
   */
  public static SparkSession getOrCreate(Map<String, String> settings) {
    SparkConf conf = new SparkConf();
    settings.forEach(
        (key, value) -> {
          if (!conf.contains(key)) {
            conf.set(key, value);
          }
        });
    conf.setIfMissing("spark.master", "local[*]");
    conf.setIfMissing("spark.app.name", "autoops");
    conf.setIfMissing("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    conf.setIfMissing(
        "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    conf.setIfMissing("spark.sql.session.timeZone", "UTC");
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
