package io.autoops.pipelines.cli;

import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.train.TrainJob;
import java.util.List;

/** {@code autoops train}: gradient-boosted trees and k-means per format, into the registry. */
final class TrainCommand implements Command {
  @Override
  public String name() {
    return "train";
  }

  @Override
  public String summary() {
    return "train GBT (labelled formats) and k-means models; register them under models/";
  }

  @Override
  public String help() {
    return """
        Usage: autoops train

        Trains, per format in gold/features, a gradient-boosted-trees classifier where labels
        exist and a k-means model (anomaly score = distance to the nearest centre, threshold =
        spark.autoops.train.kmeans.quantile of the training distances), holding out whole
        entities (spark.autoops.train.test-fraction, seed spark.autoops.train.seed) to measure
        precision, recall, F1 and AUC-PR. Each model is registered as
        <warehouse>/models/<format>-<gbt|kmeans>/v<N>/ with its model card model.json; every run
        is recorded in gold/model_metrics. A model whose input and parameters are unchanged is
        not trained again.
        """;
  }

  @Override
  public List<StageReport> run(Context context, Args args) {
    return List.of(TrainJob.run(context.spark(), context.conf()));
  }
}
