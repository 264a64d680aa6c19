package io.autoops.models;

import java.util.List;
import java.util.Map;

/**
 * What {@code model.json} says about one registered model version: enough to trace it back to the
 * exact training input and to reproduce it.
 *
 * @param name model name, {@code <format>-<algorithm>}, such as {@code hdfs-gbt}
 * @param version version number, from 1
 * @param format the log format it was trained on
 * @param algorithm {@link Models#GBT} or {@link Models#KMEANS}
 * @param createdAt ISO-8601 instant of registration
 * @param trainingTable path of the table it was trained on
 * @param trainingVersion the Delta version of that table it was read at
 * @param featureColumns the names of the feature vector's slots
 * @param parameters the training parameters ({@link TrainParams#asMap})
 * @param seed the seed of the split and the learner
 * @param metrics held-out precision, recall, f1, auc_pr (null where undefined)
 * @param threshold GBT: probability at or above which a window is anomalous; k-means: distance
 *     above which it is
 * @param trainRows rows fitted on
 * @param testRows rows held out
 */
public record ModelCard(
    String name,
    int version,
    String format,
    String algorithm,
    String createdAt,
    String trainingTable,
    long trainingVersion,
    List<String> featureColumns,
    Map<String, Object> parameters,
    long seed,
    Map<String, Double> metrics,
    double threshold,
    long trainRows,
    long testRows) {

  /** {@code name:v<version>}, as in {@code ops/decisions.model_versions}. */
  public String tag() {
    return name + ":v" + version;
  }

  /** Whether this card was trained from the same table version with the same parameters. */
  public boolean sameTraining(String table, long tableVersion, Map<String, Object> params) {
    return trainingTable.equals(table)
        && trainingVersion == tableVersion
        && parameters.toString().equals(params.toString());
  }
}
