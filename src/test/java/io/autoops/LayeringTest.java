package io.autoops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The three source folders are layers: a lower one never imports a higher one. */
class LayeringTest {

  @Test
  void transformsImportNeitherModelsNorPipelines() {
    assertThat(offending("transforms", "io.autoops.models", "io.autoops.pipelines")).isEmpty();
  }

  @Test
  void modelsDoNotImportPipelines() {
    assertThat(offending("mllib-models", "io.autoops.pipelines")).isEmpty();
  }

  @Test
  void eachLayerHoldsOnlyItsOwnPackage() {
    assertThat(offendingPackages("transforms", "io.autoops.transforms")).isEmpty();
    assertThat(offendingPackages("mllib-models", "io.autoops.models")).isEmpty();
    assertThat(offendingPackages("pipelines", "io.autoops.pipelines")).isEmpty();
  }

  @Test
  void detectsAForbiddenImport() {
    String source = "package io.autoops.transforms;\nimport io.autoops.pipelines.AutoopsSession;\n";
    assertThat(forbiddenLines(source, List.of("io.autoops.pipelines"))).hasSize(1);
  }

  private static List<String> offending(String folder, String... forbidden) {
    return javaFiles(folder)
        .flatMap(
            file ->
                forbiddenLines(read(file), List.of(forbidden)).stream()
                    .map(line -> file + ": " + line))
        .toList();
  }

  private static List<String> offendingPackages(String folder, String prefix) {
    return javaFiles(folder)
        .filter(file -> !read(file).contains("package " + prefix))
        .map(Path::toString)
        .toList();
  }

  static List<String> forbiddenLines(String source, List<String> forbidden) {
    return source
        .lines()
        .map(String::trim)
        .filter(line -> line.startsWith("import ") || line.contains("io.autoops."))
        .filter(line -> !line.startsWith("package "))
        .filter(line -> forbidden.stream().anyMatch(line::contains))
        .toList();
  }

  private static Stream<Path> javaFiles(String folder) {
    Path root = TestSpark.projectDir().resolve(folder);
    assertThat(root).isDirectory();
    try {
      return Files.walk(root).filter(p -> p.toString().endsWith(".java")).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
