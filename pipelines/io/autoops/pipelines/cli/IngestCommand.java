package io.autoops.pipelines.cli;

import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.pipelines.ingest.IngestJob;
import io.autoops.pipelines.ingest.IngestOptions;
import java.util.List;

/** {@code autoops ingest}: raw log files into bronze and silver tables. */
final class IngestCommand implements Command {
  @Override
  public String name() {
    return "ingest";
  }

  @Override
  public String summary() {
    return "read log files into bronze/raw_lines, silver/events, silver/quarantine, templates";
  }

  @Override
  public String help() {
    return """
        Usage: autoops ingest --format NAME [--mode batch|stream] [--trigger T] [--labels CSV] PATH...

        Reads log files or folders (local paths, s3a://, hdfs://; globs allowed) of one format,
        parses each line, mines templates, and writes bronze/raw_lines, silver/events (one row per
        parsed line), silver/quarantine (lines that did not parse, with the reason) and
        silver/templates. Read = parsed + quarantined. Ingesting the same files again adds nothing.

        Options:
          --format NAME    log format: hdfs, bgl, openssh, linux, apache, or one of yours in
                           conf/formats/ (spark.autoops.formats.dir)
          --mode M         batch (default): read what is there; stream: Structured Streaming
                           over the given folders (spark.autoops.ingest.mode)
          --trigger T      stream mode: available-now (default) or an interval such as
                           '30 seconds' (spark.autoops.ingest.trigger)
          --labels CSV     also load entity labels into silver/labels (HDFS block labels)
        """;
  }

  @Override
  public List<String> valuedOptions() {
    return List.of("format", "mode", "trigger", "labels");
  }

  @Override
  public List<StageReport> run(Context context, Args args) {
    String format =
        args.value("format")
            .orElseThrow(() -> new Args.UsageException("--format NAME is required."));
    String labels = args.value("labels").orElse("");
    if (args.positional().isEmpty() && labels.isEmpty()) {
      throw new Args.UsageException("Give at least one PATH to ingest.");
    }
    AutoopsConf conf = context.conf();
    conf = args.override(conf, "mode", AutoopsConf.INGEST_MODE);
    conf = args.override(conf, "trigger", AutoopsConf.INGEST_TRIGGER);
    return List.of(
        IngestJob.run(context.spark(), conf, new IngestOptions(format, args.positional(), labels)));
  }
}
