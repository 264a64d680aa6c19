package io.autoops.pipelines.cli;

import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.pipelines.score.ScoreJob;
import java.util.List;

/** {@code autoops score}: Structured Streaming from silver/events to ops/decisions. */
final class ScoreCommand implements Command {
  @Override
  public String name() {
    return "score";
  }

  @Override
  public String summary() {
    return "stream silver/events through the features and the models into ops/decisions";
  }

  @Override
  public String help() {
    return """
        Usage: autoops score [--trigger T] [--model-version latest|N]

        One Structured Streaming query per format with a model reads silver/events (Delta as a
        streaming source), cuts it into windows with the training feature transform and a
        watermark (spark.autoops.features.watermark), applies the models and merges one decision
        per entity and window into ops/decisions, exactly once across restarts. A window is
        decided once the watermark has passed its end.

        Options:
          --trigger T          available-now (default: score what is there, then stop) or an
                               interval such as '30 seconds' (spark.autoops.score.trigger)
          --model-version V    latest (default) or a registered version number
                               (spark.autoops.score.model-version)
        """;
  }

  @Override
  public List<String> valuedOptions() {
    return List.of("trigger", "model-version");
  }

  @Override
  public List<StageReport> run(Context context, Args args) {
    AutoopsConf conf = context.conf();
    conf = args.override(conf, "trigger", AutoopsConf.SCORE_TRIGGER);
    conf = args.override(conf, "model-version", AutoopsConf.SCORE_MODEL_VERSION);
    return List.of(ScoreJob.run(context.spark(), conf));
  }
}
