package io.autoops.pipelines.cli;

import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.train.PendingCheck;
import java.util.List;

/**
 * {@code autoops pending}: whether {@code train} has new input, as an exit code for schedulers.
 * Exit 0 when there is new data, {@link #NOTHING_NEW} when there is none.
 */
final class PendingCommand implements Command {
  /** Exit code when the newest models are up to date; Airflow's BashOperator skips on it. */
  static final int NOTHING_NEW = 99;

  @Override
  public String name() {
    return "pending";
  }

  @Override
  public String summary() {
    return "exit 0 when silver/events has data the newest models were not trained on, else 99";
  }

  @Override
  public String help() {
    return """
        Usage: autoops pending

        Checks, from Delta metadata only (no table data is read), whether silver/events or
        silver/labels has versions that the newest registered models were not trained on: each
        model card names the gold/features version it was trained from, and that commit names the
        silver/events version it was built from. Prints one line and exits 0 when there is new
        data (or no model yet), 99 when there is none; a scheduler runs features and train only
        on 0 (Airflow's BashOperator marks the task skipped on 99). Changed window or training
        settings are not new data: run features and train by hand after changing them.
        """;
  }

  @Override
  public List<StageReport> run(Context context, Args args) {
    return List.of(PendingCheck.run(context.spark(), context.conf()));
  }

  @Override
  public int exitCode(List<StageReport> reports) {
    return reports.stream().allMatch(PendingCheck::isPending) ? 0 : NOTHING_NEW;
  }
}
