package io.autoops.pipelines.cli;

import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.templates.TemplatesJob;
import java.util.List;

/** {@code autoops templates}: grouping accuracy of the mined templates against ground truth. */
final class TemplatesCommand implements Command {
  @Override
  public String name() {
    return "templates";
  }

  @Override
  public String summary() {
    return "measure grouping accuracy of mined templates against a ground-truth CSV";
  }

  @Override
  public String help() {
    return """
        Usage: autoops templates --source FILE --truth CSV

        Templates are mined during ingest (Drain, per format) into silver/templates. This command
        measures how well they group the lines of one ingested file: a line counts as correct
        when the lines sharing its template are exactly the lines sharing its true event
        (grouping accuracy, as the log-parser benchmarks define it).

        Options:
          --source FILE   an ingested file (its full path, or a path suffix such as
                          HDFS/HDFS_2k.log)
          --truth CSV     ground truth with LineId and EventId columns, such as
                          samples/loghub/HDFS/HDFS_2k.log_structured.csv
        """;
  }

  @Override
  public List<String> valuedOptions() {
    return List.of("source", "truth");
  }

  @Override
  public List<StageReport> run(Context context, Args args) {
    String source =
        args.value("source")
            .orElseThrow(() -> new Args.UsageException("--source FILE is required."));
    String truth =
        args.value("truth").orElseThrow(() -> new Args.UsageException("--truth CSV is required."));
    return List.of(TemplatesJob.run(context.spark(), context.conf(), source, truth));
  }
}
