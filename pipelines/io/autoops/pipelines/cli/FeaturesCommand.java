package io.autoops.pipelines.cli;

import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.features.FeaturesJob;
import java.util.List;

/** {@code autoops features}: silver/events into gold/features. */
final class FeaturesCommand implements Command {
  @Override
  public String name() {
    return "features";
  }

  @Override
  public String summary() {
    return "build gold/features: per entity and window, counts per template and level, labels";
  }

  @Override
  public String help() {
    return """
        Usage: autoops features

        Cuts silver/events into windows per entity (a session per HDFS block, closed by
        spark.autoops.features.session-gap; tumbling windows of spark.autoops.features.window
        for the other formats) and counts events per template and per level; joins the entity
        labels of silver/labels. Writes gold/features, the table train reads. Does nothing when
        silver/events and the window settings are unchanged since the last build.
        """;
  }

  @Override
  public List<StageReport> run(Context context, Args args) {
    return List.of(FeaturesJob.run(context.spark(), context.conf()));
  }
}
