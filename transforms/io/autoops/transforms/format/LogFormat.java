package io.autoops.transforms.format;

import io.autoops.transforms.templates.MinerSettings;
import java.io.Serializable;
import java.util.Map;

/**
 * How the lines of one log format split into fields. Formats are data: the built-in ones are JSON
 * files in {@code conf/formats/} (packed into the jar), and a user adds one by dropping another
 * JSON file into the folder named by {@code spark.autoops.formats.dir}, without touching Java. The
 * JSON object's fields are this record's components; {@link LogFormatJson} reads and validates it.
 *
 * @param name the format's name, such as {@code hdfs}; lower case
 * @param description one line for {@code --help} and logs
 * @param pattern a Java regex that must match the whole line (it is wrapped in {@code (?s)^(?: ...
 *     )$}, so {@code .} also matches a stray carriage return), with named groups; {@code ts} and
 *     {@code message} are required, {@code host}, {@code component}, {@code level} and {@code
 *     label} are optional, other named groups are allowed and ignored
 * @param timestampPattern Spark datetime pattern of the {@code ts} group, such as {@code yyMMdd
 *     HHmmss}; runs of whitespace in the {@code ts} text are collapsed to one space before parsing
 * @param yearless whether the timestamp has no year (RFC 3164 syslog): the year is inferred,
 *     rolling over from Dec 31 to Jan 1
 * @param timezone the zone the timestamps were written in, such as {@code UTC}
 * @param entityKind what an entity is in this format, such as {@code block}, {@code node}, {@code
 *     host}
 * @param entityField the group the entity comes from, such as {@code message} or {@code host}, or
 *     {@code source} for the file the line came from
 * @param entityPattern a regex applied to {@code entityField}: the entity is its first non-empty
 *     capturing group; empty to take the whole field
 * @param window how events of one entity are cut into windows: {@code session} (a session ends
 *     after a gap) or {@code tumbling}
 * @param normalLabel the {@code label} group's value that marks a normal line, or empty when the
 *     format has no line labels
 * @param miner template mining settings
 * @param entityFallback the group (or {@code source}) whose value is the entity of a line where
 *     {@code entityField}/{@code entityPattern} find none; empty to leave such entities null
 */
public record LogFormat(
    String name,
    String description,
    String pattern,
    String timestampPattern,
    boolean yearless,
    String timezone,
    String entityKind,
    String entityField,
    String entityPattern,
    String window,
    String normalLabel,
    MinerSettings miner,
    String entityFallback)
    implements Serializable {

  /** The {@code entityField}/{@code entityFallback} value naming the line's source file. */
  public static final String SOURCE_FIELD = "source";

  /** The pattern as it is applied: anchored to the whole line, {@code .} matching any char. */
  public String linePattern() {
    return "(?s)^(?:" + pattern + ")$";
  }

  /** Named groups of {@link #pattern()} and their capturing-group numbers, in pattern order. */
  public Map<String, Integer> groups() {
    return RegexGroups.named(pattern);
  }

  /** Whether lines carry their own label ({@code label} group and a {@link #normalLabel()}). */
  public boolean hasLineLabels() {
    return !normalLabel.isEmpty();
  }
}
