package io.autoops.act;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoops.TestSpark;
import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.act.ActionPolicy;
import io.autoops.pipelines.conf.AutoopsConf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionPolicyTest {
  @TempDir Path dir;

  @Test
  void parsesTheShippedPolicy() throws IOException {
    Path file = TestSpark.projectDir().resolve("conf/policy.json");
    ActionPolicy policy = ActionPolicy.parse("conf/policy.json", Files.readString(file));

    assertThat(policy.rules()).hasSize(2);
    assertThat(policy.rules().get(0))
        .isEqualTo(
            new ActionPolicy.Rule(
                Map.of("entity_kind", "block"), "alert-storage", "log", 0.5, 1800));
    assertThat(policy.rules().get(1))
        .isEqualTo(new ActionPolicy.Rule(Map.of(), "alert", "log", 0.5, 1800));
    assertThat(policy.usesWebhook()).isFalse();
  }

  @Test
  void defaultsExecutorScoreAndCooldown() {
    ActionPolicy policy =
        ActionPolicy.parse(
            "p.json",
            "{\"rules\": [{\"match\": {\"format\": \"HDFS\", \"component\": \"dfs.DataNode\"},"
                + " \"action\": \"page\", \"executor\": \"WEBHOOK\", \"cooldown\": \"2 hours\"},"
                + " {\"action\": \"note\"}]}");

    assertThat(policy.rules())
        .containsExactly(
            new ActionPolicy.Rule(
                Map.of("format", "HDFS", "component", "dfs.DataNode"), "page", "webhook", 0, 7200),
            new ActionPolicy.Rule(Map.of(), "note", "log", 0, 0));
    assertThat(policy.usesWebhook()).isTrue();
  }

  @Test
  void rejectsUnknownRuleField() {
    assertThatThrownBy(
            () ->
                ActionPolicy.parse("p.json", "{\"rules\": [{\"action\": \"a\", \"min_scor\": 1}]}"))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "Bad action policy p.json: rules[0].min_scor is not a known field; use only action,"
                + " cooldown, executor, match, min_score.");
  }

  @Test
  void rejectsUnknownExecutor() {
    assertThatThrownBy(
            () ->
                ActionPolicy.parse(
                    "p.json",
                    "{\"rules\": [{\"action\": \"a\"}, {\"action\": \"b\", \"executor\": \"mail\"}]}"))
        .hasMessage(
            "Bad action policy p.json: rules[1].executor is \"mail\"; use 'log' or 'webhook'.");
  }

  @Test
  void rejectsMinScoreAboveOne() {
    assertThatThrownBy(
            () ->
                ActionPolicy.parse(
                    "p.json", "{\"rules\": [{\"action\": \"a\", \"min_score\": 1.5}]}"))
        .hasMessage(
            "Bad action policy p.json: rules[0].min_score is 1.5; give a number from 0 to 1.");
  }

  @Test
  void rejectsUnparsableCooldown() {
    assertThatThrownBy(
            () ->
                ActionPolicy.parse(
                    "p.json", "{\"rules\": [{\"action\": \"a\", \"cooldown\": \"soon\"}]}"))
        .hasMessage(
            "Bad action policy p.json: rules[0].cooldown is \"soon\"; give an interval such as"
                + " \"30 minutes\", \"2 hours\" or \"none\".");
  }

  @Test
  void rejectsEntityKindNoFormatHas() {
    ActionPolicy policy =
        ActionPolicy.parse(
            "p.json", "{\"rules\": [{\"action\": \"a\", \"match\": {\"entity_kind\": \"rack\"}}]}");
    assertThatThrownBy(
            () -> policy.checkEntityKinds(new TreeSet<>(Set.of("block", "client", "host", "node"))))
        .hasMessage(
            "Bad action policy p.json: rules[0].match.entity_kind is 'rack'; use one of block,"
                + " client, host, node.");
  }

  @Test
  void acceptsEntityKindOfAUserFormat() {
    ActionPolicy policy =
        ActionPolicy.parse(
            "p.json", "{\"rules\": [{\"action\": \"a\", \"match\": {\"entity_kind\": \"pod\"}}]}");
    policy.checkEntityKinds(new TreeSet<>(Set.of("block", "pod")));
    assertThat(policy.rules().get(0).match()).containsEntry("entity_kind", "pod");
  }

  @Test
  void rejectsMissingAction() {
    assertThatThrownBy(() -> ActionPolicy.parse("p.json", "{\"rules\": [{\"executor\": \"log\"}]}"))
        .hasMessageStartingWith(
            "Bad action policy p.json: rules[0].action is missing; name the action");
  }

  @Test
  void rejectsEmptyRules() {
    assertThatThrownBy(() -> ActionPolicy.parse("p.json", "{\"rules\": []}"))
        .hasMessage(
            "Bad action policy p.json: rules is missing or empty; give a non-empty array of rules.");
  }

  @Test
  void rejectsInvalidJsonWithItsPosition() {
    assertThatThrownBy(() -> ActionPolicy.parse("p.json", "{\"rules\": [\n  {\"action\": }]}"))
        .hasMessage(
            "Bad action policy p.json: the file is not valid JSON (line 2, column 14); fix the syntax.");
  }

  @Test
  void rejectsWebhookRuleWithoutUrl() throws IOException {
    Path file = dir.resolve("policy.json");
    Files.writeString(file, "{\"rules\": [{\"action\": \"page\", \"executor\": \"webhook\"}]}");
    AutoopsConf conf = AutoopsConf.of(Map.of(AutoopsConf.ACT_POLICY.key(), file.toString()));

    assertThatThrownBy(() -> ActionPolicy.load(TestSpark.session(), conf))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "Action policy "
                + file
                + ": rules[0].executor is 'webhook' but spark.autoops.act.webhook.url is empty: set"
                + " it to the receiver's http(s):// URL, or use executor 'log'.");
  }

  @Test
  void rejectsMissingFileNamingTheKey() {
    String missing = dir.resolve("nope.json").toString();
    AutoopsConf conf = AutoopsConf.of(Map.of(AutoopsConf.ACT_POLICY.key(), missing));

    assertThatThrownBy(() -> ActionPolicy.load(TestSpark.session(), conf))
        .isInstanceOf(AutoopsException.class)
        .hasMessage(
            "Action policy "
                + missing
                + " does not exist: create it (conf/policy.json is an example) or point"
                + " spark.autoops.act.policy at one.");
  }
}
