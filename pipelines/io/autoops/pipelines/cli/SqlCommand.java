package io.autoops.pipelines.cli;

import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.Tables;
import io.autoops.pipelines.conf.AutoopsConf;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code autoops sql}: runs Spark SQL over the warehouse, with every existing table registered as a
 * view ({@code silver/events} as {@code silver_events}). The notebooks in {@code notebooks/} are
 * files of such statements.
 */
final class SqlCommand implements Command {
  @Override
  public String name() {
    return "sql";
  }

  @Override
  public String summary() {
    return "run Spark SQL over the warehouse tables (views such as silver_events)";
  }

  @Override
  public String help() {
    return """
        Usage: autoops sql [--rows N] (STATEMENT | --file FILE)

        Registers each table of the warehouse as a view (bronze_raw_lines, silver_events,
        silver_quarantine, silver_templates, silver_labels, gold_features, gold_model_metrics,
        ops_decisions, ops_actions) and runs the statement, or every ';'-terminated statement
        of FILE (any Hadoop path), printing each result.

        Options:
          --file FILE   statements to run, such as notebooks/explore.sql
          --rows N      rows to print per result (default 20)
        """;
  }

  @Override
  public List<String> valuedOptions() {
    return List.of("file", "rows");
  }

  @Override
  public List<StageReport> run(Context context, Args args) {
    List<String> statements = new ArrayList<>();
    args.value("file").ifPresent(file -> statements.addAll(split(read(context, file))));
    if (!args.positional().isEmpty()) {
      statements.add(String.join(" ", args.positional()));
    }
    if (statements.isEmpty()) {
      throw new Args.UsageException("Give a SQL statement or --file FILE.");
    }
    int rows = parseRows(args.value("rows").orElse("20"));
    SparkSession spark = context.spark();
    List<String> views = registerViews(spark, context.conf());
    for (String statement : statements) {
      System.out.println("-- " + statement.replaceAll("\\s+", " "));
      Dataset<Row> result;
      try {
        result = spark.sql(statement);
      } catch (Exception e) {
        if (e instanceof AnalysisException analysis
            && "TABLE_OR_VIEW_NOT_FOUND".equals(analysis.getCondition())) {
          throw new AutoopsException(
              firstLine(analysis.getMessage())
                  + ". Tables of "
                  + context.conf().warehouse()
                  + ": "
                  + (views.isEmpty()
                      ? "none yet (run ingest or demo first)"
                      : String.join(", ", views))
                  + ".",
              e);
        }
        throw e;
      }
      result.show(rows, false);
    }
    return List.of();
  }

  /** Registers every existing table as a temporary view; returns the views registered. */
  static List<String> registerViews(SparkSession spark, AutoopsConf conf) {
    List<String> views = new ArrayList<>();
    for (String table : Tables.ALL) {
      String path = conf.table(table);
      if (Tables.exists(spark, path)) {
        spark.read().format("delta").load(path).createOrReplaceTempView(Tables.viewName(table));
        views.add(Tables.viewName(table));
      }
    }
    return views;
  }

  private static String firstLine(String message) {
    return AutoopsException.firstLine(message).strip().replaceAll("\\.+$", "");
  }

  static List<String> split(String script) {
    StringBuilder current = new StringBuilder();
    List<String> statements = new ArrayList<>();
    for (String line : script.split("\n")) {
      String trimmed = line.strip();
      if (trimmed.startsWith("--") || trimmed.isEmpty()) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        statements.add(current.toString().strip().replaceAll(";$", ""));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return statements;
  }

  private static String read(Context context, String file) {
    Path path = new Path(file);
    try (FSDataInputStream in =
        path.getFileSystem(context.spark().sparkContext().hadoopConfiguration()).open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AutoopsException(
          "Cannot read SQL file " + file + ": " + e.getMessage() + ". Check the path.", e);
    }
  }

  private static int parseRows(String text) {
    try {
      int rows = Integer.parseInt(text);
      if (rows >= 1) {
        return rows;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new Args.UsageException("--rows takes a whole number >= 1, got '" + text + "'.");
  }
}
