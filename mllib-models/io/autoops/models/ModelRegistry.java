package io.autoops.models;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;

/**
 * The model registry: a folder (any Hadoop path) holding {@code <name>/v<N>/model/} (the Spark ML
 * PipelineModel) and {@code <name>/v<N>/model.json} (the {@link ModelCard}). A version counts only
 * once its {@code model.json} exists, and the card is written last, so a crashed registration
 * leaves no version behind and is overwritten by the next one.
 */
public final class ModelRegistry {
  public static final String CARD = "model.json";
  public static final String MODEL = "model";

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path root;
  private final Configuration hadoop;

  /**
   * @param root the registry folder, such as {@code <warehouse>/models}
   * @param hadoop the Hadoop configuration of the session (for s3a:// and hdfs:// roots)
   */
  public ModelRegistry(String root, Configuration hadoop) {
    this.root = new Path(root);
    this.hadoop = hadoop;
  }

  /** The folder of one version: {@code <root>/<name>/v<version>}. */
  public String versionPath(String name, int version) {
    return new Path(new Path(root, name), "v" + version).toString();
  }

  /** Names of the models with at least one registered version, sorted. */
  public List<String> names() {
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      if (!fs.exists(root)) {
        return List.of();
      }
      List<String> names = new ArrayList<>();
      for (FileStatus child : fs.listStatus(root)) {
        String name = child.getPath().getName();
        if (child.isDirectory() && latestVersion(name).isPresent()) {
          names.add(name);
        }
      }
      Collections.sort(names);
      return names;
    } catch (IOException e) {
      throw new ModelRegistryException("Cannot list models under " + root + ".", e);
    }
  }

  /** The newest registered version of {@code name}, if any. */
  public OptionalInt latestVersion(String name) {
    Path folder = new Path(root, name);
    try {
      FileSystem fs = folder.getFileSystem(hadoop);
      if (!fs.exists(folder)) {
        return OptionalInt.empty();
      }
      OptionalInt latest = OptionalInt.empty();
      for (FileStatus child : fs.listStatus(folder)) {
        String dir = child.getPath().getName();
        if (child.isDirectory()
            && dir.matches("v[1-9]\\d*")
            && fs.exists(new Path(child.getPath(), CARD))) {
          int version = Integer.parseInt(dir.substring(1));
          if (latest.isEmpty() || version > latest.getAsInt()) {
            latest = OptionalInt.of(version);
          }
        }
      }
      return latest;
    } catch (IOException e) {
      throw new ModelRegistryException("Cannot list model versions under " + folder + ".", e);
    }
  }

  /** The card of the newest version of {@code name}, if any. */
  public Optional<ModelCard> latest(String name) {
    OptionalInt version = latestVersion(name);
    return version.isPresent() ? Optional.of(card(name, version.getAsInt())) : Optional.empty();
  }

  /**
   * The card of one version.
   *
   * @throws ModelRegistryException when the card is missing or unreadable
   */
  public ModelCard card(String name, int version) {
    Path card = new Path(versionPath(name, version), CARD);
    try (InputStream in = card.getFileSystem(hadoop).open(card)) {
      return JSON.readValue(in, ModelCard.class);
    } catch (IOException e) {
      throw new ModelRegistryException("Cannot read model card " + card + ": " + e.getMessage(), e);
    }
  }

  /**
   * The PipelineModel of one version.
   *
   * @throws ModelRegistryException when the model folder is missing or unreadable
   */
  public PipelineModel load(ModelCard card) {
    String path = versionPath(card.name(), card.version()) + "/" + MODEL;
    try {
      return PipelineModel.load(path);
    } catch (RuntimeException e) {
      throw new ModelRegistryException("Cannot load model " + path + ": " + e.getMessage(), e);
    }
  }

  /** Writes the model of a version that is not yet registered (replacing a crashed attempt). */
  public void saveModel(String name, int version, PipelineModel model) {
    String path = versionPath(name, version) + "/" + MODEL;
    try {
      model.write().overwrite().save(path);
    } catch (IOException e) {
      throw new ModelRegistryException("Cannot save model " + path + ": " + e.getMessage(), e);
    }
  }

  /** Registers a version by writing its card; call after {@link #saveModel}. */
  public void writeCard(ModelCard card) {
    Path path = new Path(versionPath(card.name(), card.version()), CARD);
    try (OutputStream out = path.getFileSystem(hadoop).create(path, true)) {
      JSON.writeValue(out, card);
    } catch (IOException e) {
      throw new ModelRegistryException(
          "Cannot write model card " + path + ": " + e.getMessage(), e);
    }
  }

  /** The card as JSON text. */
  public static String toJson(ModelCard card) {
    try {
      return JSON.writeValueAsString(card);
    } catch (IOException e) {
      throw new ModelRegistryException("Cannot serialise the card of " + card.tag() + ".", e);
    }
  }
}
