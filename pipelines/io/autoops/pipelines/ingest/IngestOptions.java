package io.autoops.pipelines.ingest;

import java.util.List;

/**
 * What one {@code ingest} run reads. The mode and trigger come from {@link
 * io.autoops.pipelines.conf.AutoopsConf} ({@code spark.autoops.ingest.mode}, {@code
 * spark.autoops.ingest.trigger}).
 *
 * @param format the log format's name, such as {@code hdfs}
 * @param paths log files or folders (any Hadoop path; globs allowed); folders only in stream mode;
 *     may be empty when {@code labels} is set
 * @param labels a CSV of entity labels to load into {@code silver/labels}, or empty for none
 */
public record IngestOptions(String format, List<String> paths, String labels) {
  public IngestOptions {
    paths = List.copyOf(paths);
    labels = labels == null ? "" : labels;
  }

  /** Reads {@code paths} with no labels. */
  public static IngestOptions of(String format, String... paths) {
    return new IngestOptions(format, List.of(paths), "");
  }
}
