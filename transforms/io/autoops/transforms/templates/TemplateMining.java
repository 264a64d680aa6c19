package io.autoops.transforms.templates;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.struct;

import io.autoops.transforms.Columns;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Groups log messages into templates with Drain (see {@link DrainTree} for the algorithm, the
 * similarity and how ids are formed), one parse tree per format.
 *
 * <p>Distribution: the events are repartitioned by format and sorted within each partition by
 * format, source, line number and message, so each format's messages are mined in one task, in one
 * fixed order, without collecting them to the driver. Only the known templates (the small {@code
 * silver/templates} table) are collected and broadcast to seed the trees. The price is that one
 * format's mining runs on one core; formats run in parallel.
 *
 * <p>Stability: the same events on top of the same known templates get the same ids; a message that
 * fits a known template (equal at its non-wildcard positions) gets that template's id.
 */
public final class TemplateMining {
  /** Schema of {@code silver/templates}, the rows {@link #summarize} writes. */
  public static final StructType TEMPLATES_SCHEMA =
      new StructType()
          .add(Columns.TEMPLATE_ID, DataTypes.StringType, false)
          .add(Columns.FORMAT, DataTypes.StringType)
          .add(Columns.TEMPLATE, DataTypes.StringType)
          .add(Columns.COUNT, DataTypes.LongType)
          .add(Columns.FIRST_SEEN, DataTypes.TimestampType)
          .add(Columns.LAST_SEEN, DataTypes.TimestampType);

  private TemplateMining() {}

  /**
   * Assigns a template to each event.
   *
   * @param events rows with at least {@code format}, {@code source}, {@code line_number} and {@code
   *     message}; other columns pass through, except existing {@code template_id} and {@code
   *     template} columns, which are replaced
   * @param known the current {@code silver/templates} rows (may be empty), at least {@code
   *     template_id}, {@code format}, {@code template} and {@code first_seen}; a message that fits
   *     a known template keeps that template's id
   * @param settings mining settings per format name; a format without an entry is mined with {@link
   *     MinerSettings#defaults()}
   * @return {@code events} plus {@code template_id} and {@code template} (the template text as it
   *     stood once this line had joined it)
   */
  public static Dataset<Row> assign(
      Dataset<Row> events, Dataset<Row> known, Map<String, MinerSettings> settings) {
    Dataset<Row> input = events.drop(Columns.TEMPLATE_ID, Columns.TEMPLATE);
    StructType in = input.schema();
    StructType out =
        in.add(Columns.TEMPLATE_ID, DataTypes.StringType, false)
            .add(Columns.TEMPLATE, DataTypes.StringType, false);
    Broadcast<List<Seed>> seeds =
        JavaSparkContext.fromSparkContext(events.sparkSession().sparkContext())
            .broadcast(seeds(known));
    Miner miner =
        new Miner(
            new HashMap<>(settings),
            seeds,
            in.fieldIndex(Columns.FORMAT),
            in.fieldIndex(Columns.MESSAGE));
    return input
        .repartition(col(Columns.FORMAT))
        .sortWithinPartitions(
            col(Columns.FORMAT),
            col(Columns.SOURCE),
            col(Columns.LINE_NUMBER),
            col(Columns.MESSAGE))
        .mapPartitions(miner, Encoders.row(out));
  }

  /**
   * Summarizes assigned events into {@code silver/templates} rows for the templates they touched.
   *
   * @param assigned the output of {@link #assign}, with {@code ts}
   * @return {@code template_id, format, template, count, first_seen, last_seen}, one row per
   *     template id: {@code template} is the text after the last line joined (by source, line
   *     number and message, the order of mining), {@code count} the lines in {@code assigned}
   */
  public static Dataset<Row> summarize(Dataset<Row> assigned) {
    return assigned
        .groupBy(Columns.TEMPLATE_ID)
        .agg(
            min(Columns.FORMAT).as(Columns.FORMAT),
            max_by(
                    col(Columns.TEMPLATE),
                    struct(col(Columns.SOURCE), col(Columns.LINE_NUMBER), col(Columns.MESSAGE)))
                .as(Columns.TEMPLATE),
            count(lit(1)).as(Columns.COUNT),
            min(Columns.TS).as(Columns.FIRST_SEEN),
            max(Columns.TS).as(Columns.LAST_SEEN));
  }

  /**
   * An empty {@code silver/templates} table: for a first run, when no templates are known yet.
   *
   * @return no rows, with the columns {@link #summarize} writes
   */
  public static Dataset<Row> noTemplates(SparkSession spark) {
    return spark.createDataFrame(List.of(), TEMPLATES_SCHEMA);
  }

  /** The known templates, oldest first (then by id), so trees are seeded in a fixed order. */
  private static List<Seed> seeds(Dataset<Row> known) {
    List<Seed> seeds = new ArrayList<>();
    List<Row> rows =
        known
            .select(Columns.TEMPLATE_ID, Columns.FORMAT, Columns.TEMPLATE)
            .orderBy(col(Columns.FIRST_SEEN).asc_nulls_last(), col(Columns.TEMPLATE_ID))
            .collectAsList();
    for (Row row : rows) {
      seeds.add(new Seed(row.getString(0), row.getString(1), row.getString(2)));
    }
    return seeds;
  }

  /** A known template to seed a tree with. */
  private record Seed(String templateId, String format, String template)
      implements java.io.Serializable {}

  /** Runs one Drain tree per format over a partition sorted by format. */
  private static final class Miner implements MapPartitionsFunction<Row, Row> {
    private final Map<String, MinerSettings> settings;
    private final Broadcast<List<Seed>> seeds;
    private final int formatIndex;
    private final int messageIndex;

    Miner(
        Map<String, MinerSettings> settings,
        Broadcast<List<Seed>> seeds,
        int formatIndex,
        int messageIndex) {
      this.settings = settings;
      this.seeds = seeds;
      this.formatIndex = formatIndex;
      this.messageIndex = messageIndex;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      return new Iterator<>() {
        private String format;
        private DrainTree tree;

        @Override
        public boolean hasNext() {
          return rows.hasNext();
        }

        @Override
        public Row next() {
          Row row = rows.next();
          String rowFormat = row.isNullAt(formatIndex) ? "" : row.getString(formatIndex);
          if (tree == null || !rowFormat.equals(format)) {
            format = rowFormat;
            tree = newTree(rowFormat);
          }
          DrainTree.Match match =
              tree.add(row.isNullAt(messageIndex) ? "" : row.getString(messageIndex));
          Object[] values = new Object[row.length() + 2];
          for (int i = 0; i < row.length(); i++) {
            values[i] = row.get(i);
          }
          values[row.length()] = match.templateId();
          values[row.length() + 1] = match.template();
          return RowFactory.create(values);
        }
      };
    }

    private DrainTree newTree(String format) {
      DrainTree tree =
          new DrainTree(format, settings.getOrDefault(format, MinerSettings.defaults()));
      for (Seed seed : seeds.value()) {
        if (format.equals(seed.format())) {
          tree.seed(seed.templateId(), seed.template());
        }
      }
      return tree;
    }
  }
}
