package io.autoops.pipelines;

import io.autoops.pipelines.conf.AutoopsConf;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;

/**
 * Early, driver-side checks that the warehouse and the inputs can be reached, run before any Spark
 * job starts, so that a wrong object-store endpoint, a missing bucket or bad credentials stop the
 * run within seconds with one line naming the endpoint, the bucket and the fix, instead of a stack
 * trace from deep inside a Spark task after minutes of retries.
 *
 * <p>A store failure is recognised by the exception types that hadoop-aws 3.4 raises (checked
 * against a real S3 server): {@code org.apache.hadoop.fs.s3a.UnknownStoreException} for a bucket
 * that does not exist, {@link AccessDeniedException} for rejected credentials (HTTP 403), and
 * {@link ConnectException} (or a timeout / unknown host) when nothing answers at the endpoint. The
 * messages name configuration keys, never their values: neither key of a credential pair is shown.
 *
 * <p>Stateless and thread-safe.
 */
public final class StorageCheck {
  private static final Logger LOG = LogManager.getLogger(StorageCheck.class);
  private static final String S3A = "s3a";
  private static final String UNKNOWN_STORE = "org.apache.hadoop.fs.s3a.UnknownStoreException";

  /**
   * How the check reaches an object store: one attempt, each request bounded to 15 s, on a file
   * system instance of its own (closed after it, so the jobs keep their own retry settings). A
   * store that accepts connections but never answers then fails the check in about 15 s, not
   * minutes.
   */
  private static final Map<String, String> PROBE_SETTINGS =
      Map.of(
          "fs.s3a.attempts.maximum", "1",
          "fs.s3a.retry.limit", "0",
          "fs.s3a.connection.request.timeout", "15s",
          "fs.s3a.connection.timeout", "15s");

  private StorageCheck() {}

  /**
   * Checks that the warehouse (and the checkpoint root, when set apart from it) can be reached: its
   * store answers, the bucket exists and the credentials are accepted. A warehouse folder that does
   * not exist yet is fine: the first stage creates it.
   *
   * @throws AutoopsException naming the path, the endpoint, the bucket and the fix
   */
  public static void warehouse(SparkSession spark, AutoopsConf conf) {
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    long started = System.nanoTime();
    probe(hadoop, "Warehouse", conf.warehouse(), AutoopsConf.WAREHOUSE.key());
    if (!conf.get(AutoopsConf.CHECKPOINTS).isEmpty()) {
      String root = conf.checkpoint("");
      probe(hadoop, "Checkpoint root", root, AutoopsConf.CHECKPOINTS.key());
    }
    LOG.info(
        "storage check: the store of warehouse {} answered in {} ms",
        conf.warehouse(),
        (System.nanoTime() - started) / 1_000_000);
  }

  /**
   * The status of {@code path}, or empty when it does not exist.
   *
   * @param what what the path is, for the message ("Samples folder", "Input path")
   * @param key the setting or option that gave the path, or empty
   * @throws AutoopsException when the store cannot be reached or refuses access
   */
  public static Optional<FileStatus> status(
      Configuration hadoop, String what, Path path, String key) {
    try {
      return Optional.of(path.getFileSystem(hadoop).getFileStatus(path));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw explain(hadoop, what, path.toString(), key, e);
    }
  }

  /**
   * Turns a failure of the store that holds {@code path} into a one-line {@link AutoopsException}
   * naming the endpoint and the bucket (for {@code s3a://}) and the fix.
   *
   * @param what what the path is, such as "Warehouse" or "Input path"
   * @param key the setting that holds the path, or empty when it came from the command line
   */
  public static AutoopsException explain(
      Configuration hadoop, String what, String path, String key, IOException e) {
    Path hadoopPath = new Path(path);
    String scheme = Optional.ofNullable(hadoopPath.toUri().getScheme()).orElse("");
    String bucket = Optional.ofNullable(hadoopPath.toUri().getHost()).orElse("");
    String place =
        scheme.equals(S3A)
            ? "bucket '" + bucket + "' at endpoint " + s3aEndpoint(hadoop, bucket)
            : "store "
                + (scheme.isEmpty()
                    ? "(default file system)"
                    : scheme
                        + "://"
                        + Optional.ofNullable(hadoopPath.toUri().getAuthority()).orElse(""));
    String fixPath = key.isEmpty() ? "the path" : key;
    String prefix = what + " " + path + ": ";
    if (isA(e, UNKNOWN_STORE)) {
      return new AutoopsException(
          prefix
              + place
              + " does not exist: create the bucket, or fix "
              + fixPath
              + (scheme.equals(S3A) ? " or the endpoint (" + endpointKeys(bucket) + ")." : "."),
          e);
    }
    if (e instanceof AccessDeniedException) {
      return new AutoopsException(
          prefix
              + "access denied to "
              + place
              + ": check the credentials"
              + (scheme.equals(S3A)
                  ? " (spark.hadoop.fs.s3a.access.key and spark.hadoop.fs.s3a.secret.key, their"
                      + " fs.s3a.bucket."
                      + bucket
                      + ".* forms, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the"
                      + " environment)"
                  : "")
              + " and the bucket's access policy.",
          e);
    }
    Optional<Throwable> network = networkCause(e);
    if (network.isPresent()) {
      return new AutoopsException(
          prefix
              + "cannot connect to "
              + place
              + " ("
              + describe(network.get())
              + "): check that the store is running and reachable"
              + (scheme.equals(S3A) ? ", and the endpoint (" + endpointKeys(bucket) + ")." : "."),
          e);
    }
    return new AutoopsException(
        prefix
            + "cannot be read from "
            + place
            + " ("
            + e.getClass().getSimpleName()
            + ": "
            + AutoopsException.firstLine(e.getMessage())
            + "): check "
            + fixPath
            + " and the store's settings (spark.hadoop.fs.*)"
            + (scheme.equals(S3A) && schemeless(s3aEndpoint(hadoop, bucket))
                ? "; an endpoint without http:// or https:// is taken as https."
                : "."),
        e);
  }

  /**
   * The endpoint S3A uses for {@code bucket}: the per-bucket setting, else the global one, else the
   * AWS default.
   */
  static String s3aEndpoint(Configuration hadoop, String bucket) {
    String perBucket = hadoop.getTrimmed("fs.s3a.bucket." + bucket + ".endpoint", "");
    String endpoint = perBucket.isEmpty() ? hadoop.getTrimmed("fs.s3a.endpoint", "") : perBucket;
    // Never show credentials written into the endpoint URL (scheme://user:secret@host).
    return endpoint.isEmpty() ? "(AWS default)" : endpoint.replaceFirst("(?<=//)[^/@]*@", "");
  }

  /** Whether a configured endpoint lacks its scheme (S3A then assumes https). */
  private static boolean schemeless(String endpoint) {
    return !endpoint.startsWith("(") && !endpoint.contains("://");
  }

  private static void probe(Configuration hadoop, String what, String path, String key) {
    Path hadoopPath = new Path(path);
    Configuration quick = new Configuration(hadoop);
    PROBE_SETTINGS.forEach(quick::set);
    try (FileSystem fs = FileSystem.newInstance(hadoopPath.toUri(), quick)) {
      fs.exists(hadoopPath);
    } catch (IOException e) {
      throw explain(hadoop, what, path, key, e);
    }
  }

  private static String endpointKeys(String bucket) {
    return "spark.hadoop.fs.s3a.endpoint or spark.hadoop.fs.s3a.bucket." + bucket + ".endpoint";
  }

  private static boolean isA(Throwable e, String className) {
    for (Class<?> c = e.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getName().equals(className)) {
        return true;
      }
    }
    return false;
  }

  /** The first connection-level failure in the cause chain, if any. */
  private static Optional<Throwable> networkCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException
          || t instanceof SocketTimeoutException
          || (t instanceof InterruptedIOException
              && t.getClass().getSimpleName().toLowerCase(Locale.ROOT).contains("timeout"))) {
        return Optional.of(deepest(t));
      }
    }
    return Optional.empty();
  }

  private static Throwable deepest(Throwable e) {
    Throwable last = e;
    for (Throwable t = e; t != null; t = t.getCause()) {
      last = t;
    }
    return last;
  }

  private static String describe(Throwable t) {
    String message = t.getMessage();
    if (t instanceof UnknownHostException) {
      return "unknown host " + message;
    }
    return message == null || message.isBlank()
        ? t.getClass().getSimpleName()
        : AutoopsException.firstLine(message);
  }
}
