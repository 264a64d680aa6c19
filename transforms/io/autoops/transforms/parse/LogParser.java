package io.autoops.transforms.parse;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.nullif;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;

import io.autoops.transforms.Columns;
import io.autoops.transforms.format.LogFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Parses raw lines into events with Spark SQL functions only (no UDF): the format's pattern splits
 * a line into groups, the {@code ts} group becomes a UTC timestamp, and every line that cannot be
 * parsed becomes a quarantine row with its reason. Each input line lands in exactly one of the two.
 *
 * <p>Yearless formats (RFC 3164 syslog) get their year inferred per source file: the last line of
 * the file is in {@code lastYear}, and walking back in line order one year is subtracted at each
 * New Year, seen as a month more than six months before the previous line's (Dec -> Jan, or a gap
 * across New Year shorter than half a year); smaller falls are taken as lines out of order.
 */
public final class LogParser {
  private static final String TS_TEXT = "_ts_text";
  private static final String MONTH = "_month";
  private static final String YEAR = "_year";

  private LogParser() {}

  /** Events and quarantine rows of one parse; both views of the same parsed lines. */
  public record Parsed(Dataset<Row> lines) {
    /**
     * The events: {@code event_id, ts, host, component, level, message, entity, label, format,
     * source, line_number}.
     */
    public Dataset<Row> events() {
      return lines
          .where(col(Columns.REASON).isNull())
          .select(
              col(Columns.RAW_ID).as(Columns.EVENT_ID),
              col(Columns.TS),
              col(Columns.HOST),
              col(Columns.COMPONENT),
              col(Columns.LEVEL),
              col(Columns.MESSAGE),
              col(Columns.ENTITY),
              col(Columns.LABEL),
              col(Columns.FORMAT),
              col(Columns.SOURCE),
              col(Columns.LINE_NUMBER));
    }

    /** The quarantine rows: {@code raw_id, line, source, line_number, format, reason}. */
    public Dataset<Row> quarantine() {
      return lines
          .where(col(Columns.REASON).isNotNull())
          .select(
              col(Columns.RAW_ID),
              col(Columns.LINE),
              col(Columns.SOURCE),
              col(Columns.LINE_NUMBER),
              col(Columns.FORMAT),
              col(Columns.REASON));
    }

    /** Persists the parsed lines (memory and disk); pair with {@link #unpersist()}. */
    public Parsed persist() {
      lines.persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
      return this;
    }

    public void unpersist() {
      lines.unpersist();
    }
  }

  /**
   * Parses raw lines of one format.
   *
   * @param raw {@code raw_id, line, source, line_number, format} (as from {@link RawLines#number})
   * @param format the lines' format
   * @param lastYear for yearless formats, the year of each source file's last line (at least 1)
   * @return the parsed lines; {@link Parsed#events()} plus {@link Parsed#quarantine()} hold every
   *     input row exactly once
   */
  public static Parsed parse(Dataset<Row> raw, LogFormat format, int lastYear) {
    if (format.yearless() && lastYear < 1) {
      throw new IllegalArgumentException(
          "lastYear must be at least 1 for the yearless format " + format.name() + ": " + lastYear);
    }
    Map<String, Integer> groups = format.groups();
    String regex = format.linePattern();
    Column line = col(Columns.LINE);
    Column matched = line.rlike(regex);

    Dataset<Row> lines =
        raw.withColumn(
            TS_TEXT, regexp_replace(regexp_extract(line, regex, groups.get("ts")), "\\s+", " "));
    Column tsText = col(TS_TEXT);
    String pattern = format.timestampPattern();
    Column ts;
    Column badTs = badTimestamp(tsText, pattern);
    if (format.yearless()) {
      lines = withInferredYear(lines, tsText, pattern, matched, lastYear);
      Column datedText = concat(col(YEAR).cast("string"), lit(" "), tsText);
      ts = timestamp(datedText, "yyyy " + pattern, format.timezone());
      badTs =
          when(col(MONTH).isNull(), badTs)
              .otherwise(
                  concat(
                      lit("timestamp '"),
                      tsText,
                      lit("' is not a valid date in the inferred year "),
                      col(YEAR).cast("string")));
    } else {
      ts = timestamp(tsText, pattern, format.timezone());
    }

    Column reason =
        when(line.rlike("^\\s*$"), lit("empty line"))
            .when(matched.isNull().or(matched.unary_$bang()), lit(noMatch(format)))
            .when(ts.isNull(), badTs);

    List<Column> out = new ArrayList<>();
    for (String name : List.of(Columns.RAW_ID, Columns.SOURCE, Columns.LINE_NUMBER)) {
      out.add(col(name));
    }
    out.add(line);
    out.add(col(Columns.FORMAT));
    out.add(reason.as(Columns.REASON));
    out.add(ts.as(Columns.TS));
    out.add(group(line, regex, groups, "host").as(Columns.HOST));
    out.add(group(line, regex, groups, "component").as(Columns.COMPONENT));
    out.add(group(line, regex, groups, "level").as(Columns.LEVEL));
    out.add(coalesce(group(line, regex, groups, "message"), lit("")).as(Columns.MESSAGE));
    out.add(entity(line, regex, groups, format).as(Columns.ENTITY));
    out.add(label(line, regex, groups, format).as(Columns.LABEL));
    return new Parsed(lines.select(out.toArray(Column[]::new)));
  }

  /** The quarantine reason of a line the format's pattern does not match. */
  public static String noMatch(LogFormat format) {
    return "line does not match format " + format.name();
  }

  private static Dataset<Row> withInferredYear(
      Dataset<Row> lines, Column tsText, String pattern, Column matched, int lastYear) {
    // Month of the wall-clock time, parsed in a leap year so that Feb 29 is a valid probe.
    Column probe = try_to_timestamp(concat(lit("2000 "), tsText), lit("yyyy " + pattern));
    WindowSpec file = Window.partitionBy(Columns.SOURCE).orderBy(Columns.LINE_NUMBER);
    Column previous =
        last(col(MONTH), true).over(file.rowsBetween(Window.unboundedPreceding(), -1));
    Column newYear =
        when(col(MONTH).isNotNull().and(previous.minus(col(MONTH)).gt(6)), 1).otherwise(0);
    String rollover = "_new_year";
    Column upToHere = sum(col(rollover)).over(file.rowsBetween(Window.unboundedPreceding(), 0));
    Column inFile = sum(col(rollover)).over(Window.partitionBy(Columns.SOURCE));
    return lines
        .withColumn(MONTH, when(matched, month(probe)))
        .withColumn(rollover, newYear)
        .withColumn(YEAR, lit(lastYear).minus(inFile.minus(upToHere)).cast("int"))
        .drop(rollover);
  }

  /** Parses {@code text} written in {@code zone}; null when it does not fit. */
  private static Column timestamp(Column text, String pattern, String zone) {
    // The zone id is parsed with the text, so the session time zone plays no part.
    return try_to_timestamp(concat(text, lit(" " + zone)), lit(pattern + " VV"));
  }

  private static Column badTimestamp(Column tsText, String pattern) {
    return concat(lit("timestamp '"), tsText, lit("' does not match pattern '" + pattern + "'"));
  }

  private static Column group(Column line, String regex, Map<String, Integer> groups, String name) {
    Integer index = groups.get(name);
    return index == null
        ? lit(null).cast("string")
        : nullif(regexp_extract(line, regex, index), lit(""));
  }

  private static Column field(Column line, String regex, Map<String, Integer> groups, String name) {
    return name.equals(LogFormat.SOURCE_FIELD)
        ? col(Columns.SOURCE)
        : group(line, regex, groups, name);
  }

  private static Column entity(
      Column line, String regex, Map<String, Integer> groups, LogFormat format) {
    Column base = field(line, regex, groups, format.entityField());
    Column entity = base;
    if (!format.entityPattern().isEmpty()) {
      int count = Pattern.compile(format.entityPattern()).matcher("").groupCount();
      Column[] candidates = new Column[count];
      for (int i = 1; i <= count; i++) {
        candidates[i - 1] = nullif(regexp_extract(base, format.entityPattern(), i), lit(""));
      }
      entity = coalesce(candidates);
    }
    if (!format.entityFallback().isEmpty()) {
      entity = coalesce(entity, field(line, regex, groups, format.entityFallback()));
    }
    return entity;
  }

  private static Column label(
      Column line, String regex, Map<String, Integer> groups, LogFormat format) {
    if (!format.hasLineLabels()) {
      return lit(null).cast("int");
    }
    Column value = group(line, regex, groups, "label");
    return when(value.isNull(), lit(null))
        .when(value.equalTo(format.normalLabel()), 0)
        .otherwise(1)
        .cast("int");
  }
}
