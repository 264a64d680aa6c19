package io.autoops.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoops.TestSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
  @TempDir Path dir;

  private ModelRegistry registry() {
    return new ModelRegistry(
        dir.resolve("models").toString(), TestSpark.session().sparkContext().hadoopConfiguration());
  }

  private static ModelCard card(String name, int version) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("seed", 42L);
    params.put("k", 4);
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put("precision", 0.5);
    metrics.put("recall", null);
    return new ModelCard(
        name,
        version,
        "hdfs",
        Models.KMEANS,
        "2026-01-01T00:00:00Z",
        "/w/gold/features",
        7,
        List.of("template:a", "event_count"),
        params,
        42L,
        metrics,
        3.5,
        10,
        4);
  }

  @Test
  void countsOnlyVersionsWithACardAndReadsTheCardBack() throws Exception {
    ModelRegistry registry = registry();
    registry.writeCard(card("hdfs-kmeans", 1));
    Files.createDirectories(Path.of(registry.versionPath("hdfs-kmeans", 2), ModelRegistry.MODEL));
    Files.createDirectories(Path.of(registry.versionPath("bgl-kmeans", 1), ModelRegistry.MODEL));

    assertThat(registry.latestVersion("hdfs-kmeans")).hasValue(1);
    assertThat(registry.latestVersion("bgl-kmeans")).isEmpty();
    assertThat(registry.names()).containsExactly("hdfs-kmeans");
    ModelCard read = registry.card("hdfs-kmeans", 1);
    assertThat(read.tag()).isEqualTo("hdfs-kmeans:v1");
    assertThat(read.trainingVersion()).isEqualTo(7);
    assertThat(read.featureColumns()).containsExactly("template:a", "event_count");
    assertThat(read.metrics()).containsEntry("precision", 0.5).containsEntry("recall", null);
    assertThat(read.sameTraining("/w/gold/features", 7, card("x", 1).parameters())).isTrue();
    assertThat(read.sameTraining("/w/gold/features", 8, card("x", 1).parameters())).isFalse();
  }

  @Test
  void rejectsAMissingCardNamingItsPath() {
    ModelRegistry registry = registry();
    assertThatThrownBy(() -> registry.card("hdfs-gbt", 3))
        .isInstanceOf(ModelRegistryException.class)
        .hasMessageStartingWith(
            "Cannot read model card " + dir.resolve("models/hdfs-gbt/v3/model.json"));
  }

  @Test
  void hasNoModelsInAnEmptyFolder() {
    assertThat(registry().names()).isEmpty();
    assertThat(registry().latest("hdfs-gbt")).isEmpty();
  }
}
