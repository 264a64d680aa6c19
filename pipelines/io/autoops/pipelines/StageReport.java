package io.autoops.pipelines;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one stage did: the entity it worked on, rows in and out, and any further figures
 * (quarantined lines, templates, metrics, decisions, actions). The CLI prints {@link #toLine()}
 * once per stage.
 *
 * @param stage the stage name, such as {@code ingest}
 * @param entity what the stage wrote, such as a table path or a model name
 * @param rowsIn rows the stage read
 * @param rowsOut rows the stage added to its output
 * @param figures further named figures in print order
 * @param seconds wall-clock duration
 */
public record StageReport(
    String stage,
    String entity,
    long rowsIn,
    long rowsOut,
    Map<String, Object> figures,
    double seconds) {

  public StageReport {
    figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
  }

  /** One line: {@code stage entity in=N out=N k=v ... seconds=S}. */
  public String toLine() {
    String extra =
        figures.entrySet().stream()
            .map(e -> " " + e.getKey() + "=" + format(e.getValue()))
            .collect(Collectors.joining());
    return String.format(
        "%-9s %s in=%d out=%d%s seconds=%.1f", stage, entity, rowsIn, rowsOut, extra, seconds);
  }

  private static String format(Object value) {
    if (value instanceof Double d) {
      return String.format("%.3f", d);
    }
    return String.valueOf(value);
  }
}
