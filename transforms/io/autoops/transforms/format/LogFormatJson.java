package io.autoops.transforms.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoops.transforms.templates.MinerSettings;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one log format from its JSON text and validates every field, so that a bad file fails when
 * it is loaded, with a message naming the file and the field, rather than as a Spark error later.
 *
 * <p>The JSON object has the components of {@link LogFormat} as fields:
 *
 * <pre>{@code
 * {
 *   "name": "hdfs",                         required, lower case, equal to the file's base name
 *   "description": "...",                   optional
 *   "pattern": "(?<ts>...) (?<message>.*)", required; named groups ts and message required
 *   "timestampPattern": "yyMMdd HHmmss",    required; Spark datetime pattern of the ts group
 *   "yearless": false,                      optional (false); true: no year in ts, it is inferred
 *   "timezone": "UTC",                      optional (UTC); a java.time zone id
 *   "entityKind": "block",                  required
 *   "entityField": "message",               required; a named group of pattern, or "source"
 *   "entityPattern": "(blk_-?\\d+)",        optional (""); first non-empty group is the entity
 *   "entityFallback": "",                   optional (""); a group, or "source"
 *   "window": "session",                    optional (tumbling); session or tumbling
 *   "normalLabel": "",                      optional (""); needs a label group when set
 *   "miner": {"masks": [], "depth": 4, "similarity": 0.5}   optional (no masks, 4, 0.5)
 * }
 * }</pre>
 */
public final class LogFormatJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");
  private static final List<String> FIELDS =
      List.of(
          "name",
          "description",
          "pattern",
          "timestampPattern",
          "yearless",
          "timezone",
          "entityKind",
          "entityField",
          "entityPattern",
          "entityFallback",
          "window",
          "normalLabel",
          "miner");
  private static final List<String> MINER_FIELDS = List.of("masks", "depth", "similarity");
  private static final Set<String> WINDOWS = Set.of("session", "tumbling");

  /** Spark rejects these pattern letters when parsing (they only format). */
  private static final String PARSE_FORBIDDEN = "EFqQeuc";

  private LogFormatJson() {}

  /**
   * Parses and validates one format.
   *
   * @param json the file's text
   * @param origin where it came from (a path or resource name), for messages
   * @param expectedName the name the file's base name implies, or empty to accept any
   * @throws LogFormatException naming {@code origin} and the field at fault
   */
  public static LogFormat parse(String json, String origin, String expectedName) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw fail(origin, "is not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw fail(origin, "must hold one JSON object with the fields " + FIELDS);
    }
    rejectUnknown(root, FIELDS, origin, "");

    String name = text(root, "name", null, origin);
    if (!NAME.matcher(name).matches()) {
      throw field(origin, "name", name, "lower-case letters, digits, '-' or '_'");
    }
    if (!expectedName.isEmpty() && !name.equals(expectedName)) {
      throw field(origin, "name", name, "the file's base name '" + expectedName + "'");
    }
    String pattern = text(root, "pattern", null, origin);
    Map<String, Integer> groups;
    try {
      groups = RegexGroups.named(pattern);
    } catch (PatternSyntaxException e) {
      throw field(origin, "pattern", pattern, "a Java regex (" + e.getDescription() + ")");
    } catch (IllegalArgumentException e) {
      throw field(origin, "pattern", pattern, "a Java regex whose groups can be numbered: " + e);
    }
    for (String required : List.of("ts", "message")) {
      if (!groups.containsKey(required)) {
        throw field(origin, "pattern", pattern, "a regex with a named group (?<" + required + ">)");
      }
    }
    boolean yearless = bool(root, "yearless", false, origin);
    String timestampPattern = text(root, "timestampPattern", null, origin);
    checkTimestampPattern(timestampPattern, yearless, origin);
    String timezone = text(root, "timezone", "UTC", origin);
    try {
      ZoneId.of(timezone);
    } catch (DateTimeException e) {
      throw field(origin, "timezone", timezone, "a time zone id such as UTC or Europe/Paris");
    }
    String entityKind = text(root, "entityKind", null, origin);
    String entityField = text(root, "entityField", null, origin);
    checkGroupOrSource(origin, "entityField", entityField, groups, false);
    String entityPattern = text(root, "entityPattern", "", origin);
    if (!entityPattern.isEmpty()) {
      int count;
      try {
        count = Pattern.compile(entityPattern).matcher("").groupCount();
      } catch (PatternSyntaxException e) {
        throw field(origin, "entityPattern", entityPattern, "a Java regex: " + e.getDescription());
      }
      if (count == 0) {
        throw field(origin, "entityPattern", entityPattern, "a regex with a capturing group");
      }
    }
    String entityFallback = text(root, "entityFallback", "", origin);
    checkGroupOrSource(origin, "entityFallback", entityFallback, groups, true);
    String window = text(root, "window", "tumbling", origin);
    if (!WINDOWS.contains(window)) {
      throw field(origin, "window", window, "session or tumbling");
    }
    String normalLabel = text(root, "normalLabel", "", origin);
    if (!normalLabel.isEmpty() && !groups.containsKey("label")) {
      throw field(
          origin, "normalLabel", normalLabel, "empty unless pattern has a (?<label>) group");
    }
    return new LogFormat(
        name,
        text(root, "description", "", origin),
        pattern,
        timestampPattern,
        yearless,
        timezone,
        entityKind,
        entityField,
        entityPattern,
        window,
        normalLabel,
        miner(root.get("miner"), origin),
        entityFallback);
  }

  private static MinerSettings miner(JsonNode node, String origin) {
    MinerSettings defaults = MinerSettings.defaults();
    if (node == null || node.isNull()) {
      return defaults;
    }
    if (!node.isObject()) {
      throw fail(origin, "field 'miner' must be an object with the fields " + MINER_FIELDS);
    }
    rejectUnknown(node, MINER_FIELDS, origin, "miner.");
    List<String> masks = new ArrayList<>();
    JsonNode maskNode = node.get("masks");
    if (maskNode != null && !maskNode.isNull()) {
      if (!maskNode.isArray()) {
        throw fail(origin, "field 'miner.masks' must be an array of Java regexes");
      }
      for (JsonNode mask : maskNode) {
        if (!mask.isTextual()) {
          throw field(origin, "miner.masks", mask.toString(), "a Java regex as a JSON string");
        }
        try {
          Pattern.compile(mask.asText());
        } catch (PatternSyntaxException e) {
          throw field(origin, "miner.masks", mask.asText(), "a Java regex: " + e.getDescription());
        }
        masks.add(mask.asText());
      }
    }
    JsonNode depthNode = node.get("depth");
    int depth = defaults.depth();
    if (depthNode != null) {
      if (!depthNode.isInt() || depthNode.asInt() < 3 || depthNode.asInt() > 100) {
        throw field(origin, "miner.depth", depthNode.toString(), "a whole number from 3 to 100");
      }
      depth = depthNode.asInt();
    }
    JsonNode similarityNode = node.get("similarity");
    double similarity = defaults.similarity();
    if (similarityNode != null) {
      if (!similarityNode.isNumber()
          || similarityNode.asDouble() < 0
          || similarityNode.asDouble() > 1) {
        throw field(origin, "miner.similarity", similarityNode.toString(), "a number from 0 to 1");
      }
      similarity = similarityNode.asDouble();
    }
    return new MinerSettings(masks, depth, similarity);
  }

  private static void checkTimestampPattern(String pattern, boolean yearless, String origin) {
    try {
      DateTimeFormatter.ofPattern(pattern);
    } catch (IllegalArgumentException e) {
      throw field(origin, "timestampPattern", pattern, "a datetime pattern: " + e.getMessage());
    }
    String letters = pattern.replaceAll("'[^']*'", "");
    for (char c : PARSE_FORBIDDEN.toCharArray()) {
      if (letters.indexOf(c) >= 0) {
        throw field(
            origin,
            "timestampPattern",
            pattern,
            "a pattern Spark can parse: letter '"
                + c
                + "' only formats; leave the day of week out of the ts group");
      }
    }
    boolean hasYear = letters.indexOf('y') >= 0 || letters.indexOf('u') >= 0;
    if (yearless && hasYear) {
      throw field(origin, "timestampPattern", pattern, "a pattern without a year when yearless");
    }
    if (!yearless && !hasYear) {
      throw field(
          origin, "timestampPattern", pattern, "a pattern with a year (or set yearless: true)");
    }
  }

  private static void checkGroupOrSource(
      String origin, String field, String value, Map<String, Integer> groups, boolean mayBeEmpty) {
    if ((mayBeEmpty && value.isEmpty())
        || value.equals(LogFormat.SOURCE_FIELD)
        || groups.containsKey(value)) {
      return;
    }
    throw field(
        origin,
        field,
        value,
        "a named group of pattern " + groups.keySet() + " or '" + LogFormat.SOURCE_FIELD + "'");
  }

  private static void rejectUnknown(JsonNode node, List<String> known, String origin, String in) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw fail(origin, "has an unknown field '" + in + name + "'; known fields: " + known);
      }
    }
  }

  private static String text(JsonNode root, String name, String def, String origin) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      if (def == null) {
        throw fail(origin, "lacks the required field '" + name + "'");
      }
      return def;
    }
    if (!node.isTextual()) {
      throw field(origin, name, node.toString(), "a JSON string");
    }
    if (def == null && node.asText().isBlank()) {
      throw field(origin, name, "", "a non-empty string");
    }
    return node.asText();
  }

  private static boolean bool(JsonNode root, String name, boolean def, String origin) {
    JsonNode node = root.get(name);
    if (node == null || node.isNull()) {
      return def;
    }
    if (!node.isBoolean()) {
      throw field(origin, name, node.toString(), "true or false");
    }
    return node.asBoolean();
  }

  private static LogFormatException field(
      String origin, String field, String value, String expected) {
    return fail(origin, "field '" + field + "' = '" + value + "': expected " + expected);
  }

  private static LogFormatException fail(String origin, String what) {
    return new LogFormatException("Log format file " + origin + " " + what + "; fix that file.");
  }
}
