package io.autoops.transforms;

/**
 * Column names of the autoops tables, shared by every layer so that a table written by one stage is
 * read by the next under the same names.
 *
 * <p>The tables and their columns, as written by the stages:
 *
 * <ul>
 *   <li>{@code bronze/raw_lines}: {@link #RAW_ID}, {@link #LINE}, {@link #SOURCE}, {@link
 *       #LINE_NUMBER}, {@link #FORMAT}, {@link #RUN_ID}, {@link #INGEST_TIME}
 *   <li>{@code silver/events}: {@link #EVENT_ID}, {@link #TS} (UTC), {@link #HOST}, {@link
 *       #COMPONENT}, {@link #LEVEL}, {@link #MESSAGE}, {@link #TEMPLATE_ID}, {@link #ENTITY},
 *       {@link #LABEL}, {@link #FORMAT}, {@link #SOURCE}, {@link #LINE_NUMBER}, {@link #RUN_ID},
 *       {@link #INGEST_TIME}
 *   <li>{@code silver/quarantine}: {@link #RAW_ID}, {@link #LINE}, {@link #SOURCE}, {@link
 *       #LINE_NUMBER}, {@link #FORMAT}, {@link #REASON}, {@link #RUN_ID}, {@link #INGEST_TIME}
 *   <li>{@code silver/templates}: {@link #TEMPLATE_ID}, {@link #FORMAT}, {@link #TEMPLATE}, {@link
 *       #COUNT}, {@link #FIRST_SEEN}, {@link #LAST_SEEN}
 *   <li>{@code silver/labels}: {@link #FORMAT}, {@link #ENTITY}, {@link #LABEL} (1 anomalous, 0
 *       normal)
 *   <li>{@code ops/decisions}: {@link #DECISION_ID}, {@link #FORMAT}, {@link #ENTITY_KIND}, {@link
 *       #ENTITY}, {@link #COMPONENT}, {@link #WINDOW_START}, {@link #WINDOW_END}, {@link
 *       #GBT_PROBABILITY}, {@link #KMEANS_DISTANCE}, {@link #SCORE}, {@link #ANOMALOUS}, {@link
 *       #ACTION}, {@link #MODEL_VERSIONS}, {@link #REASON}, {@link #CREATED_AT}
 *   <li>{@code ops/actions}: {@link #DECISION_ID}, {@link #ACTION}, {@link #EXECUTOR}, {@link
 *       #STATUS}, {@link #ATTEMPTS}, {@link #FINISHED_AT}, {@link #DETAIL}
 * </ul>
 *
 * <p>Not instantiable; holds constants only.
 */
public final class Columns {
  public static final String RAW_ID = "raw_id";
  public static final String LINE = "line";
  public static final String SOURCE = "source";
  public static final String LINE_NUMBER = "line_number";
  public static final String FORMAT = "format";
  public static final String RUN_ID = "run_id";
  public static final String INGEST_TIME = "ingest_time";
  public static final String REASON = "reason";

  public static final String EVENT_ID = "event_id";
  public static final String TS = "ts";
  public static final String HOST = "host";
  public static final String COMPONENT = "component";
  public static final String LEVEL = "level";
  public static final String MESSAGE = "message";
  public static final String TEMPLATE_ID = "template_id";
  public static final String ENTITY = "entity";
  public static final String LABEL = "label";

  public static final String TEMPLATE = "template";
  public static final String COUNT = "count";
  public static final String FIRST_SEEN = "first_seen";
  public static final String LAST_SEEN = "last_seen";

  public static final String DECISION_ID = "decision_id";
  public static final String ENTITY_KIND = "entity_kind";
  public static final String WINDOW_START = "window_start";
  public static final String WINDOW_END = "window_end";
  public static final String GBT_PROBABILITY = "gbt_probability";
  public static final String KMEANS_DISTANCE = "kmeans_distance";

  /**
   * Anomaly score from 0 to 1: the larger of the GBT probability (where the format has a GBT model)
   * and the k-means distance over twice its threshold, capped at 1, so that each model's threshold
   * scores 0.5.
   */
  public static final String SCORE = "score";

  public static final String ANOMALOUS = "anomalous";
  public static final String ACTION = "action";
  public static final String MODEL_VERSIONS = "model_versions";
  public static final String CREATED_AT = "created_at";

  public static final String EXECUTOR = "executor";
  public static final String STATUS = "status";
  public static final String ATTEMPTS = "attempts";
  public static final String FINISHED_AT = "finished_at";
  public static final String DETAIL = "detail";

  private Columns() {}
}
