package io.autoops.pipelines.act;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.pipelines.ingest.LogFormats;
import io.autoops.transforms.Columns;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * Which decisions are acted on, how, and how often: an ordered list of {@link Rule}s read from a
 * JSON file ({@code spark.autoops.act.policy}). The first rule whose {@code match} fits a decision
 * decides its action; a decision no rule matches is not acted on. The file looks like:
 *
 * <pre>{@code
 * {"rules": [
 *   {"match": {"entity_kind": "block"}, "action": "page-storage", "executor": "webhook",
 *    "min_score": 0.8, "cooldown": "30 minutes"},
 *   {"match": {}, "action": "alert", "executor": "log", "min_score": 0.5}
 * ]}
 * }</pre>
 *
 * <p>{@code match} may name {@code entity_kind} (block, node, host, client), {@code component} and
 * {@code format}; every named field must be equal. {@code executor} is {@code log} (the default, a
 * dry run) or {@code webhook}; {@code min_score} defaults to 0 and {@code cooldown} to none.
 * Unknown fields are rejected so that a misspelt one does not silently change behaviour.
 *
 * @param source where the policy was read from, for messages
 * @param rules the rules in match order
 */
public record ActionPolicy(String source, List<Rule> rules) {

  /** Executor names a rule may use. */
  public static final Set<String> EXECUTORS = Set.of(LogExecutor.NAME, WebhookExecutor.NAME);

  private static final Set<String> RULE_FIELDS =
      Set.of("match", "action", "executor", "min_score", "cooldown");
  private static final Set<String> MATCH_FIELDS =
      Set.of(Columns.ENTITY_KIND, Columns.COMPONENT, Columns.FORMAT);
  private static final Pattern COOLDOWN =
      Pattern.compile("(\\d+) (second|minute|hour|day)s?", Pattern.CASE_INSENSITIVE);
  private static final Pattern ACTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  public ActionPolicy {
    rules = List.copyOf(rules);
  }

  /**
   * One rule of the policy.
   *
   * @param match field name to required value; empty matches every decision
   * @param action the name recorded in the ledger, such as {@code page-storage}
   * @param executor {@code log} or {@code webhook}
   * @param minScore decisions scoring below it are not acted on
   * @param cooldownSeconds minimum distance in {@code window_end} between two executed actions of
   *     the same name on the same entity; 0 for none
   */
  public record Rule(
      Map<String, String> match,
      String action,
      String executor,
      double minScore,
      long cooldownSeconds) {
    public Rule {
      match = Map.copyOf(match);
    }

    /** The condition under which a decision row matches this rule. */
    Column condition() {
      Column all = functions.lit(true);
      for (Map.Entry<String, String> field : match.entrySet()) {
        all = all.and(functions.col(field.getKey()).eqNullSafe(functions.lit(field.getValue())));
      }
      return all;
    }
  }

  /** Classpath resource of the built-in policy (packed from {@code conf/policy.json}). */
  public static final String BUILT_IN = "io/autoops/policy.json";

  /**
   * Reads the policy named by {@code spark.autoops.act.policy}, or the built-in one ({@link
   * #BUILT_IN}) when the key is empty.
   *
   * @param spark reads the file from any Hadoop file system (local, s3a://, hdfs://)
   * @throws AutoopsException when the file is missing or any field is wrong, naming the file, the
   *     field and the fix
   */
  public static ActionPolicy load(SparkSession spark, AutoopsConf conf) {
    String configured = conf.get(AutoopsConf.ACT_POLICY);
    String file = configured.isEmpty() ? "built-in " + BUILT_IN : configured;
    String json = configured.isEmpty() ? builtIn() : read(spark, configured);
    if (json.isBlank()) {
      throw bad(file, "the file", "is empty", "write {\"rules\": [...]}");
    }
    ActionPolicy policy = parse(file, json);
    policy.checkAgainst(conf);
    LogFormats formats = LogFormats.load(spark, conf);
    policy.checkEntityKinds(
        formats.names().stream()
            .map(name -> formats.get(name).entityKind())
            .collect(Collectors.toCollection(TreeSet::new)));
    return policy;
  }

  /** The text of a policy file on any Hadoop file system. */
  private static String read(SparkSession spark, String file) {
    try {
      // Through Hadoop's file system, so that local, s3a:// and hdfs:// policies read alike.
      Path path = new Path(file);
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.isFile(path)) {
        throw new AutoopsException(
            "Action policy "
                + file
                + " does not exist: create it (conf/policy.json is an example) or point "
                + AutoopsConf.ACT_POLICY.key()
                + " at one.");
      }
      try (FSDataInputStream in = fs.open(path)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new AutoopsException(
          "Cannot read action policy " + file + ": " + e.getMessage() + "; check the path.", e);
    }
  }

  /** The text of the built-in policy, from the jar (or the build's classes folder). */
  private static String builtIn() {
    try (InputStream in = ActionPolicy.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new AutoopsException(
            "The built-in action policy "
                + BUILT_IN
                + " is not on the classpath: rebuild the jar (mvn package) or set "
                + AutoopsConf.ACT_POLICY.key()
                + " to a policy file.");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AutoopsException(
          "Cannot read the built-in action policy " + BUILT_IN + ": " + e.getMessage() + ".", e);
    }
  }

  /**
   * Parses policy JSON.
   *
   * @param source the file name used in error messages
   */
  public static ActionPolicy parse(String source, String json) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException e) {
      throw bad(
          source,
          "the file",
          "is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ")",
          "fix the syntax");
    }
    if (root == null || !root.isObject()) {
      throw bad(source, "the file", "is not a JSON object", "write {\"rules\": [...]}");
    }
    rejectUnknown(source, "", root, Set.of("rules"));
    JsonNode rules = root.get("rules");
    if (rules == null || !rules.isArray() || rules.isEmpty()) {
      throw bad(source, "rules", "is missing or empty", "give a non-empty array of rules");
    }
    List<Rule> parsed = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      parsed.add(parseRule(source, "rules[" + i + "]", rules.get(i)));
    }
    return new ActionPolicy(source, parsed);
  }

  /** Checks what the policy needs from the configuration, such as a webhook URL. */
  void checkAgainst(AutoopsConf conf) {
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).executor().equals(WebhookExecutor.NAME)
          && conf.get(AutoopsConf.ACT_WEBHOOK_URL).isEmpty()) {
        throw new AutoopsException(
            "Action policy "
                + source
                + ": rules["
                + i
                + "].executor is 'webhook' but "
                + AutoopsConf.ACT_WEBHOOK_URL.key()
                + " is empty: set it to the receiver's http(s):// URL, or use executor 'log'.");
      }
    }
  }

  /**
   * Fails when a rule matches an entity kind no log format has (kinds are declared by the format
   * files, so a policy stays valid when a user adds a format).
   */
  public void checkEntityKinds(Set<String> known) {
    for (int i = 0; i < rules.size(); i++) {
      String kind = rules.get(i).match().get(Columns.ENTITY_KIND);
      if (kind != null && !known.contains(kind)) {
        throw bad(
            source,
            "rules[" + i + "].match." + Columns.ENTITY_KIND,
            "is '" + kind + "'",
            "use one of " + String.join(", ", known));
      }
    }
  }

  /** Whether any rule has a cooldown. */
  public boolean hasCooldown() {
    return rules.stream().anyMatch(rule -> rule.cooldownSeconds() > 0);
  }

  /** Whether any rule uses the webhook executor. */
  public boolean usesWebhook() {
    return rules.stream().anyMatch(rule -> rule.executor().equals(WebhookExecutor.NAME));
  }

  /**
   * A struct column {@code (action, executor, min_score, cooldown_seconds)} of the first rule that
   * matches each decision row, or null where none matches.
   */
  Column firstMatch() {
    Column chosen = null;
    for (Rule rule : rules) {
      Column value =
          functions.struct(
              functions.lit(rule.action()).as(Ledger.ACTION),
              functions.lit(rule.executor()).as(Ledger.EXECUTOR),
              functions.lit(rule.minScore()).as("min_score"),
              functions.lit(rule.cooldownSeconds()).as("cooldown_seconds"));
      chosen =
          chosen == null
              ? functions.when(rule.condition(), value)
              : chosen.when(rule.condition(), value);
    }
    return chosen;
  }

  /** Parses {@code "30 minutes"} into seconds; {@code "0"} or {@code "none"} is 0. */
  static long cooldownSeconds(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("0") || value.equals("none")) {
      return 0;
    }
    Matcher m = COOLDOWN.matcher(value);
    if (!m.matches()) {
      throw new IllegalArgumentException(text);
    }
    long unit =
        switch (m.group(2)) {
          case "second" -> 1;
          case "minute" -> 60;
          case "hour" -> 3600;
          default -> 86_400;
        };
    return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
  }

  private static Rule parseRule(String source, String where, JsonNode node) {
    if (!node.isObject()) {
      throw bad(source, where, "is not an object", "write {\"action\": ..., \"executor\": ...}");
    }
    rejectUnknown(source, where + ".", node, RULE_FIELDS);

    Map<String, String> match = new java.util.TreeMap<>();
    JsonNode matchNode = node.get("match");
    if (matchNode != null) {
      if (!matchNode.isObject()) {
        throw bad(
            source, where + ".match", "is not an object", "write {\"entity_kind\": \"block\"}");
      }
      rejectUnknown(source, where + ".match.", matchNode, MATCH_FIELDS);
      for (Iterator<Map.Entry<String, JsonNode>> it = matchNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String name = where + ".match." + field.getKey();
        if (!field.getValue().isTextual() || field.getValue().asText().isEmpty()) {
          throw bad(source, name, "is " + field.getValue(), "give a non-empty string");
        }
        String value = field.getValue().asText();
        match.put(field.getKey(), value);
      }
    }

    JsonNode actionNode = node.get("action");
    if (actionNode == null
        || !actionNode.isTextual()
        || !ACTION_NAME.matcher(actionNode.asText()).matches()) {
      throw bad(
          source,
          where + ".action",
          actionNode == null ? "is missing" : "is " + actionNode,
          "name the action with letters, digits, '.', '_' or '-', such as \"page-storage\"");
    }

    String executor = LogExecutor.NAME;
    JsonNode executorNode = node.get("executor");
    if (executorNode != null) {
      executor = executorNode.asText().toLowerCase(Locale.ROOT);
      if (!executorNode.isTextual() || !EXECUTORS.contains(executor)) {
        throw bad(source, where + ".executor", "is " + executorNode, "use 'log' or 'webhook'");
      }
    }

    double minScore = 0;
    JsonNode scoreNode = node.get("min_score");
    if (scoreNode != null) {
      if (!scoreNode.isNumber() || scoreNode.asDouble() < 0 || scoreNode.asDouble() > 1) {
        throw bad(source, where + ".min_score", "is " + scoreNode, "give a number from 0 to 1");
      }
      minScore = scoreNode.asDouble();
    }

    long cooldown = 0;
    JsonNode cooldownNode = node.get("cooldown");
    if (cooldownNode != null) {
      try {
        if (!cooldownNode.isTextual()) {
          throw new IllegalArgumentException();
        }
        cooldown = cooldownSeconds(cooldownNode.asText());
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw bad(
            source,
            where + ".cooldown",
            "is " + cooldownNode,
            "give an interval such as \"30 minutes\", \"2 hours\" or \"none\"");
      }
    }
    return new Rule(match, actionNode.asText(), executor, minScore, cooldown);
  }

  private static void rejectUnknown(
      String source, String prefix, JsonNode node, Set<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw bad(
            source,
            prefix + name,
            "is not a known field",
            "use only " + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  private static AutoopsException bad(String source, String field, String problem, String fix) {
    return new AutoopsException(
        "Bad action policy " + source + ": " + field + " " + problem + "; " + fix + ".");
  }
}
