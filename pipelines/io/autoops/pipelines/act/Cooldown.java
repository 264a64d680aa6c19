package io.autoops.pipelines.act;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cooldown per entity and action: a decision whose {@code window_end} lies less than its rule's
 * cooldown away from an action already taken on the same entity (an earlier run's, or one chosen
 * before it in this batch) is skipped. Candidates are taken in {@code window_end} order, then by
 * decision id, so the outcome does not depend on how rows arrive.
 */
final class Cooldown {
  private Cooldown() {}

  /**
   * A decision that may be executed.
   *
   * @param decisionId its id
   * @param endMicros its {@code window_end} in microseconds since the epoch
   * @param cooldownSeconds the cooldown of its rule; 0 for none
   */
  record Candidate(String decisionId, long endMicros, long cooldownSeconds) {}

  /**
   * An action taken (or claimed) on the entity.
   *
   * @param decisionId the decision it carried out
   * @param endMicros that decision's {@code window_end} in microseconds since the epoch
   */
  record Taken(String decisionId, long endMicros) {}

  /**
   * Decides which candidates of one entity and action are skipped.
   *
   * @param candidates the batch's decisions for the entity and action
   * @param prior actions already taken on the entity and action
   * @return each skipped candidate's id mapped to a detail naming the action that blocks it, in
   *     candidate order; candidates not in the map are executed
   */
  static Map<String, String> skipped(List<Candidate> candidates, List<Taken> prior) {
    TreeMap<Long, Taken> taken = new TreeMap<>();
    prior.forEach(t -> taken.merge(t.endMicros(), t, (a, b) -> a));
    Map<String, String> skipped = new LinkedHashMap<>();
    List<Candidate> ordered =
        candidates.stream()
            .sorted(
                Comparator.comparingLong(Candidate::endMicros).thenComparing(Candidate::decisionId))
            .toList();
    for (Candidate c : ordered) {
      Taken blocker = c.cooldownSeconds() > 0 ? nearest(taken, c.endMicros()) : null;
      long cooldownMicros = c.cooldownSeconds() * 1_000_000L;
      if (blocker != null && Math.abs(blocker.endMicros() - c.endMicros()) < cooldownMicros) {
        skipped.put(c.decisionId(), detail(c, blocker));
      } else {
        taken.merge(c.endMicros(), new Taken(c.decisionId(), c.endMicros()), (a, b) -> a);
      }
    }
    return skipped;
  }

  private static Taken nearest(TreeMap<Long, Taken> taken, long micros) {
    Map.Entry<Long, Taken> below = taken.floorEntry(micros);
    Map.Entry<Long, Taken> above = taken.ceilingEntry(micros);
    if (below == null) {
      return above == null ? null : above.getValue();
    }
    if (above == null) {
      return below.getValue();
    }
    return micros - below.getKey() <= above.getKey() - micros ? below.getValue() : above.getValue();
  }

  private static String detail(Candidate c, Taken blocker) {
    return "skipped: decision "
        + blocker.decisionId()
        + " (window_end "
        + instant(blocker.endMicros())
        + ") was acted on for the same entity and action within the cooldown of "
        + c.cooldownSeconds()
        + " s";
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
  }
}
