package io.autoops.transforms.format;

import io.autoops.transforms.templates.MinerSettings;
import java.io.Serializable;

/**
 * How the lines of one log format split into fields. Formats are data: the built-in ones are JSON
 * files in {@code conf/formats/} (packed into the jar), and a user adds one by dropping another
 * JSON file there, without touching Java.
 *
 * @param name the format's name, such as {@code hdfs}; lower case
 * @param description one line for {@code --help} and logs
 * @param pattern a Java regex over the whole line with named groups; {@code ts} and {@code message}
 *     are required, {@code host}, {@code component}, {@code level} and {@code label} are optional
 * @param timestampPattern Spark datetime pattern of the {@code ts} group, such as {@code yyMMdd
 *     HHmmss}
 * @param yearless whether the timestamp has no year (RFC 3164 syslog): the year is inferred,
 *     rolling over from Dec 31 to Jan 1
 * @param timezone the zone the timestamps were written in, such as {@code UTC}
 * @param entityKind what an entity is in this format, such as {@code block}, {@code node}, {@code
 *     host}
 * @param entityField the group the entity comes from, such as {@code message} or {@code host}
 * @param entityPattern a regex with one capturing group applied to {@code entityField}, or empty to
 *     take the whole field
 * @param window how events of one entity are cut into windows: {@code session} (a session ends
 *     after a gap) or {@code tumbling}
 * @param normalLabel the {@code label} group's value that marks a normal line, or empty when the
 *     format has no line labels
 * @param miner template mining settings
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
    MinerSettings miner)
    implements Serializable {}
