package io.autoops.pipelines.act;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The dry-run executor: writes one INFO line per decision naming the action, the entity, the score
 * and the decision, and does nothing else. Decisions carry no secrets, and neither does the line.
 */
public final class LogExecutor {
  /** The name rules use for this executor. */
  public static final String NAME = "log";

  private static final Logger LOG = LogManager.getLogger(LogExecutor.class);

  private LogExecutor() {}

  /** Logs the decision and reports success after one attempt. */
  static Outcome execute(
      String decisionId, String action, String entityKind, String entity, double score) {
    LOG.info(
        "act {} (dry run): {} {} score {} decision {}",
        action,
        entityKind,
        entity,
        String.format(java.util.Locale.ROOT, "%.3f", score),
        decisionId);
    return Outcome.succeeded(1, "logged (dry run)");
  }
}
