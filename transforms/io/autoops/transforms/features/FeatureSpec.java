package io.autoops.transforms.features;

import java.io.Serializable;

/**
 * How events are cut into feature windows.
 *
 * @param window {@link #SESSION} (a session per entity, closed by a gap of {@code duration}) or
 *     {@link #TUMBLING} (fixed windows of {@code duration})
 * @param duration a Spark interval such as {@code 30 minutes}: the session gap or the window length
 * @param watermark how late an event may arrive, such as {@code 10 minutes}; empty for none. A
 *     streaming input needs one; on a batch input it changes nothing
 */
public record FeatureSpec(String window, String duration, String watermark)
    implements Serializable {
  public static final String SESSION = "session";
  public static final String TUMBLING = "tumbling";

  public FeatureSpec {
    if (!SESSION.equals(window) && !TUMBLING.equals(window)) {
      throw new IllegalArgumentException(
          "Feature window '" + window + "' is not supported: use 'session' or 'tumbling'.");
    }
    if (duration == null || duration.isBlank()) {
      throw new IllegalArgumentException("Feature window duration is empty: give an interval.");
    }
    watermark = watermark == null ? "" : watermark;
  }

  /** Session windows closed after {@code gap} without an event of the same entity. */
  public static FeatureSpec session(String gap) {
    return new FeatureSpec(SESSION, gap, "");
  }

  /** Tumbling windows of {@code length}. */
  public static FeatureSpec tumbling(String length) {
    return new FeatureSpec(TUMBLING, length, "");
  }

  /** The same windows with a watermark of {@code delay} on the event time. */
  public FeatureSpec withWatermark(String delay) {
    return new FeatureSpec(window, duration, delay);
  }
}
