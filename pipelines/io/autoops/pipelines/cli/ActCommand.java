package io.autoops.pipelines.cli;

import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.act.ActJob;
import io.autoops.pipelines.conf.AutoopsConf;
import java.util.List;

/** {@code autoops act}: carries out decisions through the policy's executors. */
final class ActCommand implements Command {
  @Override
  public String name() {
    return "act";
  }

  @Override
  public String summary() {
    return "carry out new decisions by policy (log, webhook) and record them in ops/actions";
  }

  @Override
  public String help() {
    return """
        Usage: autoops act [--trigger T]

        Reads ops/decisions as a stream, maps each anomalous decision to an action through the
        policy (spark.autoops.act.policy, any Hadoop path; unset: the built-in copy of
        conf/policy.json; scripts/autoops uses conf/policy.json itself. Rules match on entity
        kind, component or format, minimum score, cooldown per entity) and carries it out with the
        rule's executor: log (dry run, the default) or webhook (HTTP POST of the decision as
        JSON to spark.autoops.act.webhook.url). Every decision is carried out at most once, also
        across restarts; the ledger ops/actions records what was done and how it ended.

        Options:
          --trigger T   available-now (default: act on what is there, then stop) or an interval
                        such as '30 seconds' to run until stopped (spark.autoops.act.trigger)
        """;
  }

  @Override
  public List<String> valuedOptions() {
    return List.of("trigger");
  }

  @Override
  public List<StageReport> run(Context context, Args args) {
    AutoopsConf conf = context.conf();
    conf = args.override(conf, "trigger", AutoopsConf.ACT_TRIGGER);
    return List.of(ActJob.run(context.spark(), conf));
  }
}
