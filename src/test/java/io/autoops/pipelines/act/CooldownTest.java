package io.autoops.pipelines.act;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CooldownTest {
  private static final long HALF_HOUR = 1800;

  private static long micros(String instant) {
    return Instant.parse(instant).toEpochMilli() * 1000;
  }

  private static Cooldown.Candidate at(String id, String end) {
    return new Cooldown.Candidate(id, micros(end), HALF_HOUR);
  }

  @Test
  void skipsDecisionsWithinTheCooldownOfTheLastExecutedOne() {
    Map<String, String> skipped =
        Cooldown.skipped(
            List.of(
                at("c", "2024-01-01T10:40:00Z"),
                at("b", "2024-01-01T10:20:00Z"),
                at("a", "2024-01-01T10:00:00Z"),
                at("d", "2024-01-01T11:05:00Z")),
            List.of());

    // a runs; b is 20 min after a; c is 40 min after a; d is 25 min after c.
    assertThat(skipped).containsOnlyKeys("b", "d");
    assertThat(skipped.get("b"))
        .isEqualTo(
            "skipped: decision a (window_end 2024-01-01T10:00:00Z) was acted on for the same"
                + " entity and action within the cooldown of 1800 s");
  }

  @Test
  void countsEarlierActionsOnBothSides() {
    Map<String, String> skipped =
        Cooldown.skipped(
            List.of(at("late", "2024-01-01T12:10:00Z"), at("early", "2024-01-01T09:50:00Z")),
            List.of(
                new Cooldown.Taken("p1", micros("2024-01-01T10:00:00Z")),
                new Cooldown.Taken("p2", micros("2024-01-01T11:00:00Z"))));

    assertThat(skipped).containsOnlyKeys("early");
    assertThat(skipped.get("early")).contains("decision p1");
  }

  @Test
  void exactlyTheCooldownApartIsAllowed() {
    assertThat(
            Cooldown.skipped(
                List.of(at("a", "2024-01-01T10:00:00Z"), at("b", "2024-01-01T10:30:00Z")),
                List.of()))
        .isEmpty();
  }

  @Test
  void noCooldownSkipsNothing() {
    assertThat(
            Cooldown.skipped(
                List.of(
                    new Cooldown.Candidate("a", micros("2024-01-01T10:00:00Z"), 0),
                    new Cooldown.Candidate("b", micros("2024-01-01T10:00:00Z"), 0)),
                List.of(new Cooldown.Taken("p", micros("2024-01-01T10:00:00Z")))))
        .isEmpty();
  }
}
