package io.autoops.pipelines;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession every autoops job runs in: Delta's SQL extension and catalog, and the
 * given settings on top of whatever spark-submit already set. Without a master (the local launcher)
 * it runs in local mode on every core.
 *
 * <p>Object stores: {@link #S3A_DEFAULTS} bound how long S3A retries before a failure reaches the
 * user (Hadoop's own defaults retry a refused connection for about two minutes); any of them can be
 * overridden with {@code --conf spark.hadoop.fs.s3a.KEY=VALUE}. Credentials and endpoints come only
 * from Spark/Hadoop configuration or the environment.
 */
public final class AutoopsSession {
  /**
   * S3A settings applied where nobody set them: 3 SDK attempts per request, 3 S3A retries, 15 s
   * (the least S3A accepts) to open a connection. A refused connection then fails in about 7 s
   * instead of 2 minutes; throttling keeps Hadoop's separate, longer retry budget ({@code
   * fs.s3a.retry.throttle.limit}).
   */
  public static final Map<String, String> S3A_DEFAULTS =
      Map.of(
          "spark.hadoop.fs.s3a.attempts.maximum", "3",
          "spark.hadoop.fs.s3a.retry.limit", "3",
          "spark.hadoop.fs.s3a.connection.establish.timeout", "15s");

  private static final String HADOOP_PREFIX = "spark.hadoop.";

  private AutoopsSession() {}

  /**
   * Returns the active session or creates one.
   *
   * <p>When a session already runs in this JVM (an embedding application, a test), Spark applies
   * new settings only to the session's SQL configuration, where Hadoop file systems do not see
   * them; so the {@code spark.hadoop.*} entries of {@code settings} are also set on the running
   * SparkContext's Hadoop configuration. Hadoop caches one file system per scheme, authority and
   * user: a bucket already opened in this JVM keeps the settings it was opened with.
   *
   * @param settings Spark settings to apply where spark-submit has not set them already, such as
   *     the contents of a profile ({@code conf/local.conf}) and {@code --conf} pairs
   */
  public static SparkSession getOrCreate(Map<String, String> settings) {
    boolean existed = SparkSession.getDefaultSession().isDefined();
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
    S3A_DEFAULTS.forEach(conf::setIfMissing);
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    if (existed) {
      applyHadoopSettings(spark.sparkContext().hadoopConfiguration(), settings);
    }
    return spark;
  }

  /**
   * Sets the {@code spark.hadoop.*} entries of {@code settings} on a running session's Hadoop
   * configuration (prefix removed), and {@link #S3A_DEFAULTS} where only Hadoop's built-in default
   * is there.
   */
  static void applyHadoopSettings(Configuration hadoop, Map<String, String> settings) {
    Map<String, String> merged = new LinkedHashMap<>();
    S3A_DEFAULTS.forEach(
        (key, value) -> {
          String name = key.substring(HADOOP_PREFIX.length());
          if (onlyBuiltIn(hadoop, name)) {
            merged.put(name, value);
          }
        });
    settings.forEach(
        (key, value) -> {
          if (key.startsWith(HADOOP_PREFIX) && key.length() > HADOOP_PREFIX.length()) {
            merged.put(key.substring(HADOOP_PREFIX.length()), value);
          }
        });
    merged.forEach(hadoop::set);
  }

  private static boolean onlyBuiltIn(Configuration hadoop, String name) {
    String[] sources = hadoop.getPropertySources(name);
    return sources == null || Arrays.stream(sources).allMatch(s -> s.endsWith("-default.xml"));
  }
}
