package io.autoops.pipelines.cli;

import io.autoops.pipelines.StageReport;
import java.util.List;

/** One CLI subcommand: its name, help text, options, and what it runs. */
interface Command {
  String name();

  /** One line for the command overview. */
  String summary();

  /** The full {@code --help} text: usage line, description and command options. */
  String help();

  /** Options (without dashes) that take a value, beside the global ones. */
  default List<String> valuedOptions() {
    return List.of();
  }

  /** Options that take no value, beside the global ones. */
  default List<String> flags() {
    return List.of();
  }

  /**
   * Runs the command.
   *
   * @return one report per stage run, printed one line each
   */
  List<StageReport> run(Context context, Args args);

  /**
   * The exit code of a run that ended without an exception: 0 unless the command documents another
   * outcome (codes 1 and 2 are taken by failures and usage errors).
   *
   * @param reports what {@link #run} returned
   */
  default int exitCode(List<StageReport> reports) {
    return 0;
  }
}
