package io.autoops.pipelines.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;

import io.autoops.pipelines.DeltaVersions;
import io.autoops.transforms.Columns;
import io.autoops.transforms.templates.TemplateMining;
import io.delta.tables.DeltaTable;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * The schemas of the tables the ingest stage writes ({@link io.autoops.pipelines.Tables}), and the
 * idempotent writes into them: a row is added only when its key is not in the table yet, and a
 * write that adds nothing commits no Delta version, so that later stages can skip work when their
 * input version is unchanged.
 */
public final class IngestTables {
  private static final Logger LOG = LogManager.getLogger(IngestTables.class);

  public static final StructType RAW_LINES_SCHEMA =
      new StructType()
          .add(Columns.RAW_ID, DataTypes.StringType, false)
          .add(Columns.LINE, DataTypes.StringType)
          .add(Columns.SOURCE, DataTypes.StringType)
          .add(Columns.LINE_NUMBER, DataTypes.LongType)
          .add(Columns.FORMAT, DataTypes.StringType)
          .add(Columns.RUN_ID, DataTypes.StringType)
          .add(Columns.INGEST_TIME, DataTypes.TimestampType);

  public static final StructType EVENTS_SCHEMA =
      new StructType()
          .add(Columns.EVENT_ID, DataTypes.StringType, false)
          .add(Columns.TS, DataTypes.TimestampType)
          .add(Columns.HOST, DataTypes.StringType)
          .add(Columns.COMPONENT, DataTypes.StringType)
          .add(Columns.LEVEL, DataTypes.StringType)
          .add(Columns.MESSAGE, DataTypes.StringType)
          .add(Columns.TEMPLATE_ID, DataTypes.StringType)
          .add(Columns.ENTITY, DataTypes.StringType)
          .add(Columns.LABEL, DataTypes.IntegerType)
          .add(Columns.FORMAT, DataTypes.StringType)
          .add(Columns.SOURCE, DataTypes.StringType)
          .add(Columns.LINE_NUMBER, DataTypes.LongType)
          .add(Columns.RUN_ID, DataTypes.StringType)
          .add(Columns.INGEST_TIME, DataTypes.TimestampType);

  public static final StructType QUARANTINE_SCHEMA =
      new StructType()
          .add(Columns.RAW_ID, DataTypes.StringType, false)
          .add(Columns.LINE, DataTypes.StringType)
          .add(Columns.SOURCE, DataTypes.StringType)
          .add(Columns.LINE_NUMBER, DataTypes.LongType)
          .add(Columns.FORMAT, DataTypes.StringType)
          .add(Columns.REASON, DataTypes.StringType)
          .add(Columns.RUN_ID, DataTypes.StringType)
          .add(Columns.INGEST_TIME, DataTypes.TimestampType);

  public static final StructType TEMPLATES_SCHEMA = TemplateMining.TEMPLATES_SCHEMA;

  public static final StructType LABELS_SCHEMA =
      new StructType()
          .add(Columns.FORMAT, DataTypes.StringType, false)
          .add(Columns.ENTITY, DataTypes.StringType, false)
          .add(Columns.LABEL, DataTypes.IntegerType);

  private IngestTables() {}

  /** The table at {@code path}, or an empty Dataset of {@code schema} when there is none. */
  public static Dataset<Row> readOrEmpty(SparkSession spark, String path, StructType schema) {
    if (DeltaVersions.exists(spark, path)) {
      return spark.read().format("delta").load(path);
    }
    return spark.createDataFrame(List.of(), schema);
  }

  /**
   * Adds the rows whose {@code keys} are not in the table yet; creates the table (possibly empty)
   * when there is none.
   *
   * @param rows rows with exactly the columns of {@code schema}, unique by {@code keys}
   * @return the number of rows added
   */
  public static long insertNew(
      SparkSession spark, String path, StructType schema, Dataset<Row> rows, String... keys) {
    long start = System.nanoTime();
    Dataset<Row> ordered = rows.select(columns(schema));
    if (!DeltaVersions.exists(spark, path)) {
      long added = ordered.count();
      ordered.write().format("delta").mode("errorifexists").save(path);
      logWrite(path, added, start);
      return added;
    }
    Dataset<Row> existing = spark.read().format("delta").load(path).select(columns(keys));
    Dataset<Row> fresh = ordered.join(existing, keys, "left_anti").select(columns(schema));
    fresh.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long added = fresh.count();
      if (added > 0) {
        mergeInsertOnly(spark, path, fresh, keys);
      }
      logWrite(path, added, start);
      return added;
    } finally {
      fresh.unpersist();
    }
  }

  /**
   * Inserts rows already known to be new (an insert-only MERGE on {@code keys}, so a concurrent
   * writer cannot make duplicates); creates the table when there is none.
   */
  public static void insertFresh(
      SparkSession spark,
      String path,
      StructType schema,
      Dataset<Row> fresh,
      long count,
      String... keys) {
    long start = System.nanoTime();
    Dataset<Row> ordered = fresh.select(columns(schema));
    if (!DeltaVersions.exists(spark, path)) {
      ordered.write().format("delta").mode("errorifexists").save(path);
    } else if (count > 0) {
      mergeInsertOnly(spark, path, ordered, keys);
    }
    logWrite(path, count, start);
  }

  /**
   * Merges a {@code silver/templates} summary of new events: counts are added, first and last seen
   * widened, the template text replaced by the summary's.
   */
  public static void mergeTemplates(
      SparkSession spark, String path, Dataset<Row> summary, long templates, long events) {
    long start = System.nanoTime();
    Dataset<Row> ordered = summary.select(columns(TEMPLATES_SCHEMA));
    if (!DeltaVersions.exists(spark, path)) {
      ordered.write().format("delta").mode("errorifexists").save(path);
    } else {
      DeltaTable.forPath(spark, path)
          .as("t")
          .merge(ordered.as("s"), "t.template_id = s.template_id")
          .whenMatched()
          .update(
              Map.of(
                  Columns.TEMPLATE, col("s." + Columns.TEMPLATE),
                  Columns.COUNT, col("t." + Columns.COUNT).plus(col("s." + Columns.COUNT)),
                  Columns.FIRST_SEEN,
                      least(col("t." + Columns.FIRST_SEEN), col("s." + Columns.FIRST_SEEN)),
                  Columns.LAST_SEEN,
                      greatest(col("t." + Columns.LAST_SEEN), col("s." + Columns.LAST_SEEN))))
          .whenNotMatched()
          .insertAll()
          .execute();
    }
    LOG.info(
        "Ingest merged {} templates of {} new events into {} in {} s",
        templates,
        events,
        path,
        String.format("%.1f", seconds(start)));
  }

  /**
   * Upserts entity labels: new {@code (format, entity)} pairs are inserted, changed labels updated;
   * nothing is committed when every label is already there.
   *
   * @return rows inserted or updated
   */
  public static long mergeLabels(SparkSession spark, String path, Dataset<Row> labels) {
    long start = System.nanoTime();
    Dataset<Row> ordered = labels.select(columns(LABELS_SCHEMA));
    if (!DeltaVersions.exists(spark, path)) {
      long added = ordered.count();
      ordered.write().format("delta").mode("errorifexists").save(path);
      logWrite(path, added, start);
      return added;
    }
    Dataset<Row> existing = spark.read().format("delta").load(path);
    Dataset<Row> changed =
        ordered.join(
            existing, new String[] {Columns.FORMAT, Columns.ENTITY, Columns.LABEL}, "left_anti");
    changed.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long count = changed.count();
      if (count > 0) {
        DeltaTable.forPath(spark, path)
            .as("t")
            .merge(changed.as("s"), "t.format = s.format AND t.entity = s.entity")
            .whenMatched()
            .update(Map.of(Columns.LABEL, col("s." + Columns.LABEL)))
            .whenNotMatched()
            .insertAll()
            .execute();
      }
      logWrite(path, count, start);
      return count;
    } finally {
      changed.unpersist();
    }
  }

  private static void mergeInsertOnly(
      SparkSession spark, String path, Dataset<Row> rows, String... keys) {
    String condition =
        Arrays.stream(keys).map(k -> "t." + k + " = s." + k).collect(Collectors.joining(" AND "));
    DeltaTable.forPath(spark, path)
        .as("t")
        .merge(rows.as("s"), condition)
        .whenNotMatched()
        .insertAll()
        .execute();
  }

  private static void logWrite(String path, long added, long start) {
    LOG.info(
        "Ingest wrote {} new rows to {} in {} s",
        added,
        path,
        String.format("%.1f", seconds(start)));
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static Column[] columns(StructType schema) {
    return Arrays.stream(schema.fields())
        .map(f -> col(f.name()).cast(f.dataType()).as(f.name()))
        .toArray(Column[]::new);
  }

  private static Column[] columns(String... names) {
    return Arrays.stream(names).map(n -> col(n)).toArray(Column[]::new);
  }
}
