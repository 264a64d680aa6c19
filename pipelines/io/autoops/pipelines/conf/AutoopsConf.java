package io.autoops.pipelines.conf;

import io.autoops.pipelines.AutoopsException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * The typed, validated view of every {@code spark.autoops.*} key. Values come from Spark
 * configuration (the profile {@code conf/local.conf} or {@code conf/cluster.conf}, {@code --conf}
 * on the launcher or on spark-submit), so a cluster and Airflow need nothing extra. Every key is
 * declared here once with its default and what it allows; an unknown {@code spark.autoops.*} key is
 * rejected by name, and a bad value stops the job with a message naming the key, the value and what
 * is allowed.
 *
 * <p>Immutable and thread-safe. {@link #toString()} never shows a secret.
 */
public final class AutoopsConf {
  public static final String PREFIX = "spark.autoops.";

  private static final Map<String, ConfEntry<?>> ENTRIES = new LinkedHashMap<>();

  // --- storage ---------------------------------------------------------------------------------

  /** Root of every table; any Hadoop path (local folder, s3a://, hdfs://). */
  public static final ConfEntry<String> WAREHOUSE = path("warehouse", "warehouse");

  /** Root of streaming checkpoints; empty means {@code <warehouse>/_checkpoints}. */
  public static final ConfEntry<String> CHECKPOINTS = optionalPath("checkpoints");

  /** Folder of user log formats ({@code *.json}), read beside the built-in ones. */
  public static final ConfEntry<String> FORMATS_DIR = optionalPath("formats.dir");

  // --- ingest ----------------------------------------------------------------------------------

  /** {@code batch} reads what is there; {@code stream} runs Structured Streaming over a folder. */
  public static final ConfEntry<String> INGEST_MODE = choice("ingest.mode", "batch", "stream");

  /** {@code available-now} or a processing-time interval such as {@code 30 seconds}. */
  public static final ConfEntry<String> INGEST_TRIGGER = trigger("ingest.trigger");

  /**
   * Year of the last line of a syslog file (syslog timestamps carry none); 0 means the year of the
   * ingest time. Earlier lines count back one year per Dec 31 to Jan 1 rollover.
   */
  public static final ConfEntry<Integer> INGEST_SYSLOG_YEAR =
      entry(
          "ingest.syslog-year",
          "0",
          text -> {
            int year = Integer.parseInt(text);
            if (year < 0 || year > 9999) {
              throw new IllegalArgumentException(text);
            }
            return year;
          },
          "0 (the year of the ingest time) or a year from 1 to 9999");

  // --- features --------------------------------------------------------------------------------

  /** Tumbling window length for formats whose entities have no natural session. */
  public static final ConfEntry<String> FEATURES_WINDOW = interval("features.window", "1 hour");

  /** Gap that closes a session window (HDFS block sessions). */
  public static final ConfEntry<String> FEATURES_SESSION_GAP =
      interval("features.session-gap", "30 minutes");

  /** How late an event may arrive before its window is closed in streaming scoring. */
  public static final ConfEntry<String> FEATURES_WATERMARK =
      interval("features.watermark", "10 minutes");

  // --- train -----------------------------------------------------------------------------------

  public static final ConfEntry<Long> TRAIN_SEED = longValue("train.seed", 42L);

  /** Share of entities held out for evaluation. */
  public static final ConfEntry<Double> TRAIN_TEST_FRACTION =
      fraction("train.test-fraction", 0.3, 0.05, 0.9);

  public static final ConfEntry<Integer> TRAIN_GBT_MAX_ITER =
      integer("train.gbt.max-iter", 30, 1, 1000);

  public static final ConfEntry<Integer> TRAIN_GBT_MAX_DEPTH =
      integer("train.gbt.max-depth", 5, 1, 30);

  public static final ConfEntry<Integer> TRAIN_KMEANS_K = integer("train.kmeans.k", 4, 2, 1000);

  /** Quantile of training distances to the nearest centre above which a window is anomalous. */
  public static final ConfEntry<Double> TRAIN_KMEANS_QUANTILE =
      fraction("train.kmeans.quantile", 0.99, 0.5, 1.0);

  // --- score -----------------------------------------------------------------------------------

  /** {@code latest} or a model version number to score with. */
  public static final ConfEntry<String> SCORE_MODEL_VERSION =
      entry(
          "score.model-version", "latest", AutoopsConf::parseVersion, "'latest' or a number >= 1");

  public static final ConfEntry<String> SCORE_TRIGGER = trigger("score.trigger");

  // --- act -------------------------------------------------------------------------------------

  /**
   * The action policy (JSON); any Hadoop path. Empty (the default) uses the built-in policy packed
   * into the jar from {@code conf/policy.json}, so that a cluster-mode driver, whose working folder
   * has no {@code conf/}, still has one.
   */
  public static final ConfEntry<String> ACT_POLICY =
      entry("act.policy", "", text -> text, "a path, or empty for the built-in policy");

  public static final ConfEntry<String> ACT_TRIGGER = trigger("act.trigger");

  /**
   * Where the webhook executor posts decisions; empty disables it. Secret, because the URL may
   * carry a token in its path or query: only scheme, host and port are ever shown.
   */
  public static final ConfEntry<String> ACT_WEBHOOK_URL =
      register(
          new ConfEntry<>(
              PREFIX + "act.webhook.url",
              "",
              AutoopsConf::parseUrl,
              "empty or an http(s):// URL",
              true));

  public static final ConfEntry<Integer> ACT_WEBHOOK_TIMEOUT_MS =
      integer("act.webhook.timeout-ms", 5000, 1, 600_000);

  public static final ConfEntry<Integer> ACT_WEBHOOK_MAX_ATTEMPTS =
      integer("act.webhook.max-attempts", 3, 1, 20);

  /** Wait before the second webhook attempt; doubles before each further one, capped at 30 s. */
  public static final ConfEntry<Integer> ACT_WEBHOOK_BACKOFF_MS =
      integer("act.webhook.backoff-ms", 500, 0, 60_000);

  /** Bearer token sent as {@code Authorization} to the webhook; empty sends none. Secret. */
  public static final ConfEntry<String> ACT_WEBHOOK_TOKEN =
      register(
          new ConfEntry<>(
              PREFIX + "act.webhook.token", "", text -> text, "a token, or empty for none", true));

  // ---------------------------------------------------------------------------------------------

  private final Map<String, String> raw;

  private AutoopsConf(Map<String, String> raw) {
    this.raw = Collections.unmodifiableMap(new TreeMap<>(raw));
  }

  /**
   * Reads and validates every {@code spark.autoops.*} key in {@code settings}; keys outside the
   * prefix are ignored.
   *
   * @throws AutoopsException naming the first unknown key or bad value
   */
  public static AutoopsConf of(Map<String, String> settings) {
    Map<String, String> ours = new TreeMap<>();
    settings.forEach(
        (key, value) -> {
          if (key.startsWith(PREFIX)) {
            if (!ENTRIES.containsKey(key)) {
              throw new AutoopsException(
                  "Unknown configuration key "
                      + key
                      + ": check its spelling; 'autoops conf' lists every key with what it"
                      + " allows.");
            }
            ours.put(key, value);
          }
        });
    AutoopsConf conf = new AutoopsConf(ours);
    ENTRIES.values().forEach(conf::get);
    return conf;
  }

  /** Reads the keys from a Spark configuration. */
  public static AutoopsConf of(SparkConf sparkConf) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (Tuple2<String, String> kv : sparkConf.getAll()) {
      settings.put(kv._1(), kv._2());
    }
    return of(settings);
  }

  /** Reads the keys from a running session's configuration. */
  public static AutoopsConf of(SparkSession spark) {
    return of(spark.sparkContext().getConf());
  }

  /** The value of {@code entry}: the configured one, else its default. */
  public <T> T get(ConfEntry<T> entry) {
    return entry.parse(raw.getOrDefault(entry.key(), entry.defaultValue()));
  }

  /** A copy with {@code key} set to {@code value}, validated. */
  public AutoopsConf with(ConfEntry<?> entry, String value) {
    Map<String, String> copy = new TreeMap<>(raw);
    copy.put(entry.key(), value);
    return of(copy);
  }

  /** Every declared key, in declaration order. */
  public static List<ConfEntry<?>> entries() {
    return new ArrayList<>(ENTRIES.values());
  }

  /**
   * The warehouse root without a trailing slash; a local path without a scheme is made absolute, so
   * that Delta's path-based SQL ({@code delta.`/path`}) and every stage see the same location.
   */
  public String warehouse() {
    return absolute(stripSlash(get(WAREHOUSE)));
  }

  /** Path of a table under the warehouse, such as {@code silver/events}. */
  public String table(String name) {
    return warehouse() + "/" + name;
  }

  /** Checkpoint folder of one streaming query, such as {@code score-hdfs}. */
  public String checkpoint(String query) {
    String root = get(CHECKPOINTS);
    return (root.isEmpty() ? warehouse() + "/_checkpoints" : absolute(stripSlash(root)))
        + "/"
        + query;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("AutoopsConf{");
    raw.forEach(
        (key, value) ->
            text.append(key)
                .append('=')
                .append(ENTRIES.get(key).secret() ? "<redacted>" : value)
                .append(", "));
    return text.append('}').toString().replace(", }", "}");
  }

  private static String absolute(String path) {
    boolean hasScheme = path.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    return hasScheme ? path : java.nio.file.Paths.get(path).toAbsolutePath().normalize().toString();
  }

  private static String stripSlash(String path) {
    return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
  }

  // --- declaration helpers -----------------------------------------------------------------------

  private static final Pattern INTERVAL =
      Pattern.compile("\\d+ (second|minute|hour|day)s?", Pattern.CASE_INSENSITIVE);

  private static <T> ConfEntry<T> register(ConfEntry<T> entry) {
    ENTRIES.put(entry.key(), entry);
    return entry;
  }

  private static <T> ConfEntry<T> entry(
      String name, String def, java.util.function.Function<String, T> parser, String allowed) {
    return register(new ConfEntry<>(PREFIX + name, def, parser, allowed, false));
  }

  private static ConfEntry<String> path(String name, String def) {
    return entry(
        name,
        def,
        text -> {
          if (text.isEmpty()) {
            throw new IllegalArgumentException("empty");
          }
          return text;
        },
        "a non-empty path (local folder, s3a://, hdfs://)");
  }

  private static ConfEntry<String> optionalPath(String name) {
    return entry(name, "", text -> text, "a path, or empty for the default");
  }

  private static ConfEntry<String> choice(String name, String def, String... others) {
    List<String> allowed = new ArrayList<>(List.of(def));
    allowed.addAll(List.of(others));
    return entry(
        name,
        def,
        text -> {
          String value = text.toLowerCase(Locale.ROOT);
          if (!allowed.contains(value)) {
            throw new IllegalArgumentException(text);
          }
          return value;
        },
        "one of " + String.join(", ", allowed));
  }

  private static ConfEntry<String> interval(String name, String def) {
    return entry(
        name,
        def,
        text -> {
          if (!INTERVAL.matcher(text).matches() || text.startsWith("0 ")) {
            throw new IllegalArgumentException(text);
          }
          return text.toLowerCase(Locale.ROOT);
        },
        "a positive interval such as '30 seconds', '5 minutes', '1 hour' or '1 day'");
  }

  private static ConfEntry<String> trigger(String name) {
    return entry(
        name,
        "available-now",
        text -> {
          String value = text.toLowerCase(Locale.ROOT);
          if (!value.equals("available-now")
              && !(INTERVAL.matcher(value).matches() && !value.startsWith("0 "))) {
            throw new IllegalArgumentException(text);
          }
          return value;
        },
        "'available-now' or a processing-time interval such as '30 seconds'");
  }

  private static ConfEntry<Integer> integer(String name, int def, int min, int max) {
    return entry(
        name,
        Integer.toString(def),
        text -> {
          int value = Integer.parseInt(text);
          if (value < min || value > max) {
            throw new IllegalArgumentException(text);
          }
          return value;
        },
        "a whole number from " + min + " to " + max);
  }

  private static ConfEntry<Long> longValue(String name, long def) {
    return entry(name, Long.toString(def), Long::parseLong, "a whole number");
  }

  private static ConfEntry<Double> fraction(String name, double def, double min, double max) {
    return entry(
        name,
        Double.toString(def),
        text -> {
          double value = Double.parseDouble(text);
          if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(text);
          }
          return value;
        },
        "a number from " + min + " to " + max);
  }

  private static String parseVersion(String text) {
    if (text.equalsIgnoreCase("latest")) {
      return "latest";
    }
    if (Integer.parseInt(text) < 1) {
      throw new IllegalArgumentException(text);
    }
    return text;
  }

  private static String parseUrl(String text) {
    if (!text.isEmpty() && !text.matches("https?://\\S+")) {
      throw new IllegalArgumentException(text);
    }
    return text;
  }
}
