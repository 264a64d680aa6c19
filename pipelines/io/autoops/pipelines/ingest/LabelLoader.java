package io.autoops.pipelines.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.regexp_extract_all;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import io.autoops.pipelines.AutoopsException;
import io.autoops.transforms.Columns;
import io.autoops.transforms.format.LogFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads entity labels from a CSV file with a header, such as loghub's {@code anomaly_label.csv}
 * ({@code BlockId,Label} with {@code Normal}/{@code Anomaly}) or logai's per-line HDFS records.
 *
 * <p>The label column is the one named {@code label} or {@code labels} (case and spaces ignored);
 * its values are {@code 1}/{@code 0}, {@code true}/{@code false} or {@code anomaly}/{@code normal}
 * (also {@code anomalous}, {@code abnormal}). The entity is the column named {@code entity} when
 * there is one; otherwise every match of the format's {@code entityPattern} (its first group) in
 * the row's other columns, so one row may label several entities. An entity's label is the maximum
 * over its rows: anomalous if any row says so.
 */
public final class LabelLoader {
  private static final List<String> ANOMALOUS =
      List.of("1", "1.0", "true", "anomaly", "anomalous", "abnormal");
  private static final List<String> NORMAL = List.of("0", "0.0", "false", "normal");

  private LabelLoader() {}

  /**
   * Reads {@code path} into {@code format, entity, label} rows, one per entity.
   *
   * @throws AutoopsException when the file has no label column, no way to find entities, or a label
   *     value that is not one of the accepted ones
   */
  public static Dataset<Row> read(SparkSession spark, String path, LogFormat format) {
    spark.sparkContext().setJobDescription("ingest labels: read " + path);
    Dataset<Row> csv = spark.read().option("header", "true").option("escape", "\"").csv(path);
    String[] names = csv.columns();
    String labelColumn =
        find(names, "label", "labels")
            .orElseThrow(
                () ->
                    new AutoopsException(
                        "Labels file "
                            + path
                            + " has no 'label' column (columns: "
                            + String.join(", ", names)
                            + "): add a header with a 'label' column."));
    Optional<String> entityColumn = find(names, "entity");

    Column value = lower(trim(col(quote(labelColumn))));
    Column label =
        when(value.isin(ANOMALOUS.toArray()), lit(1)).when(value.isin(NORMAL.toArray()), lit(0));
    Dataset<Row> rows = csv.withColumn("_label", label);
    List<Row> bad =
        rows.where(col("_label").isNull()).select(col(quote(labelColumn))).limit(1).collectAsList();
    if (!bad.isEmpty()) {
      throw new AutoopsException(
          "Labels file "
              + path
              + " has the label '"
              + bad.get(0).get(0)
              + "' in column '"
              + labelColumn
              + "': use 1/0, true/false or Anomaly/Normal.");
    }

    Dataset<Row> entities;
    if (entityColumn.isPresent()) {
      entities =
          rows.select(trim(col(quote(entityColumn.get()))).as(Columns.ENTITY), col("_label"));
    } else if (!format.entityPattern().isEmpty()) {
      Column[] others =
          Arrays.stream(names)
              .filter(n -> !n.equals(labelColumn))
              .map(n -> col(quote(n)))
              .toArray(Column[]::new);
      Column found =
          regexp_extract_all(concat_ws("\u0001", others), lit(format.entityPattern()), lit(1));
      entities = rows.select(explode(found).as(Columns.ENTITY), col("_label"));
    } else {
      throw new AutoopsException(
          "Labels file "
              + path
              + " has no 'entity' column and format "
              + format.name()
              + " has no entityPattern to find entities with: add an 'entity' column.");
    }
    return entities
        .where(col(Columns.ENTITY).isNotNull().and(col(Columns.ENTITY).notEqual("")))
        .groupBy(Columns.ENTITY)
        .agg(max("_label").cast("int").as(Columns.LABEL))
        .select(lit(format.name()).as(Columns.FORMAT), col(Columns.ENTITY), col(Columns.LABEL));
  }

  private static Optional<String> find(String[] names, String... wanted) {
    return Arrays.stream(names)
        .filter(n -> Arrays.asList(wanted).contains(n.trim().toLowerCase(Locale.ROOT)))
        .findFirst();
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
