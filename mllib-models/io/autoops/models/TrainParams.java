package io.autoops.models;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parameters of one training run, recorded on each model card.
 *
 * @param seed seed of the split and of both learners
 * @param testFraction share of entities held out for evaluation
 * @param gbtMaxIter trees of the gradient-boosted classifier
 * @param gbtMaxDepth depth of each tree
 * @param kmeansK clusters of k-means
 * @param kmeansQuantile quantile of training distances that becomes the k-means threshold
 */
public record TrainParams(
    long seed,
    double testFraction,
    int gbtMaxIter,
    int gbtMaxDepth,
    int kmeansK,
    double kmeansQuantile) {

  /** Probability at or above which the classifier calls a window anomalous. */
  public static final double GBT_THRESHOLD = 0.5;

  /** The parameters of {@code algorithm} ({@code gbt} or {@code kmeans}) as a sorted-key map. */
  public Map<String, Object> asMap(String algorithm) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("seed", seed);
    map.put("test_fraction", testFraction);
    if (Models.GBT.equals(algorithm)) {
      map.put("max_iter", gbtMaxIter);
      map.put("max_depth", gbtMaxDepth);
      map.put("threshold", GBT_THRESHOLD);
    } else {
      map.put("k", kmeansK);
      map.put("quantile", kmeansQuantile);
    }
    return map;
  }
}
