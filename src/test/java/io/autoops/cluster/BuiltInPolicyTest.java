package io.autoops.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoops.TestSpark;
import io.autoops.pipelines.act.ActionPolicy;
import io.autoops.pipelines.conf.AutoopsConf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the action policy comes from when no file is configured (a cluster-mode driver has no
 * {@code conf/} folder): the copy of {@code conf/policy.json} packed as a classpath resource.
 */
class BuiltInPolicyTest {
  @TempDir Path dir;

  @Test
  void unsetPolicyKeyLoadsTheShippedPolicyFromTheClasspath() throws IOException {
    ActionPolicy builtIn = ActionPolicy.load(TestSpark.session(), AutoopsConf.of(Map.of()));
    ActionPolicy shipped =
        ActionPolicy.parse(
            "conf/policy.json",
            Files.readString(TestSpark.projectDir().resolve("conf/policy.json")));

    assertThat(AutoopsConf.of(Map.of()).get(AutoopsConf.ACT_POLICY)).isEmpty();
    assertThat(builtIn.source()).isEqualTo("built-in io/autoops/policy.json");
    assertThat(builtIn.rules()).isEqualTo(shipped.rules()).hasSize(2);
    assertThat(builtIn.rules().get(0).action()).isEqualTo("alert-storage");
    assertThat(builtIn.rules().get(0).cooldownSeconds()).isEqualTo(1800);
  }

  @Test
  void explicitlySetPolicyIsReadFromItsPathInsteadOfTheBuiltInOne() throws IOException {
    Path file = dir.resolve("mine.json");
    Files.writeString(
        file, "{\"rules\": [{\"match\": {\"format\": \"bgl\"}, \"action\": \"page-bgl\"}]}");

    ActionPolicy policy =
        ActionPolicy.load(
            TestSpark.session(),
            AutoopsConf.of(Map.of(AutoopsConf.ACT_POLICY.key(), "file://" + file)));

    assertThat(policy.source()).isEqualTo("file://" + file);
    assertThat(policy.rules())
        .singleElement()
        .extracting(ActionPolicy.Rule::action)
        .isEqualTo("page-bgl");
  }
}
