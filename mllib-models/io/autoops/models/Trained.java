package io.autoops.models;

import java.util.List;
import java.util.Map;
import org.apache.spark.ml.PipelineModel;

/**
 * A fitted model and what its card records about it.
 *
 * @param model the fitted pipeline, from feature row to score
 * @param algorithm {@link Models#GBT} or {@link Models#KMEANS}
 * @param threshold GBT: the probability at or above which a window is anomalous; k-means: the
 *     distance above which it is
 * @param featureColumns the names of the vector's slots, in order
 * @param metrics held-out {@code precision, recall, f1, auc_pr}, null where undefined (no labels,
 *     or no positive prediction)
 * @param trainRows rows the model was fitted on
 * @param testRows held-out rows it was evaluated on
 */
public record Trained(
    PipelineModel model,
    String algorithm,
    double threshold,
    List<String> featureColumns,
    Map<String, Double> metrics,
    long trainRows,
    long testRows) {}
