package io.autoops.pipelines.ingest;

import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.transforms.format.LogFormat;
import io.autoops.transforms.format.LogFormatException;
import io.autoops.transforms.format.LogFormatJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.SparkSession;

/**
 * The log formats a job can use: the built-in ones (every {@code *.json} in the classpath folder
 * {@code io/autoops/formats/}, packed from {@code conf/formats/}) and the user's ones (every {@code
 * *.json} in {@link AutoopsConf#FORMATS_DIR}, any Hadoop path). A user file with a built-in's name
 * replaces it. Each file's base name must equal its {@code name} field.
 */
public final class LogFormats {
  private static final Logger LOG = LogManager.getLogger(LogFormats.class);

  /** Classpath folder of the built-in formats. */
  public static final String RESOURCE_DIR = "io/autoops/formats";

  private final Map<String, LogFormat> formats;
  private final String userDir;

  private LogFormats(Map<String, LogFormat> formats, String userDir) {
    this.formats = Collections.unmodifiableMap(formats);
    this.userDir = userDir;
  }

  /**
   * Loads the built-in formats and those in the configured folder.
   *
   * @throws AutoopsException naming the bad file and field, or the missing folder
   */
  public static LogFormats load(SparkSession spark, AutoopsConf conf) {
    return load(spark.sparkContext().hadoopConfiguration(), conf.get(AutoopsConf.FORMATS_DIR));
  }

  /** Loads the built-in formats and those in {@code userDir} (empty for none). */
  public static LogFormats load(Configuration hadoop, String userDir) {
    Map<String, LogFormat> formats = new TreeMap<>();
    try {
      builtIn().forEach((name, json) -> formats.put(name, parse(json, RESOURCE_DIR + "/" + name)));
      if (!userDir.isEmpty()) {
        readFolder(hadoop, userDir)
            .forEach(
                (origin, json) -> {
                  LogFormat format = parse(json, origin);
                  LogFormat builtIn = formats.put(format.name(), format);
                  if (builtIn != null && !builtIn.equals(format)) {
                    LOG.info(
                        "Log format {} from {} replaces the built-in one", format.name(), origin);
                  }
                });
      }
    } catch (LogFormatException e) {
      throw new AutoopsException(e.getMessage(), e);
    }
    return new LogFormats(formats, userDir);
  }

  /** The known format names, sorted. */
  public List<String> names() {
    return new ArrayList<>(formats.keySet());
  }

  /**
   * The format called {@code name}.
   *
   * @throws AutoopsException naming the format, the known ones and where to add one
   */
  public LogFormat get(String name) {
    LogFormat format = formats.get(name);
    if (format == null) {
      throw new AutoopsException(
          "Unknown log format '"
              + name
              + "': known formats are "
              + String.join(", ", formats.keySet())
              + ". To add one, put "
              + name
              + ".json into the folder set by "
              + AutoopsConf.FORMATS_DIR.key()
              + (userDir.isEmpty() ? " (unset now)" : " (now " + userDir + ")")
              + "; conf/formats/*.json shows the fields.");
    }
    return format;
  }

  private static LogFormat parse(String json, String origin) {
    String file = origin.substring(origin.lastIndexOf('/') + 1);
    String base = file.endsWith(".json") ? file.substring(0, file.length() - 5) : file;
    return LogFormatJson.parse(json, origin, base);
  }

  /** Built-in format name to JSON text, from a folder or a jar on the classpath. */
  private static Map<String, String> builtIn() {
    Map<String, String> found = new TreeMap<>();
    ClassLoader loader = LogFormats.class.getClassLoader();
    try {
      Enumeration<URL> roots = loader.getResources(RESOURCE_DIR);
      while (roots.hasMoreElements()) {
        URL root = roots.nextElement();
        for (String file : listResources(root)) {
          if (file.endsWith(".json")) {
            try (InputStream in = loader.getResourceAsStream(RESOURCE_DIR + "/" + file)) {
              String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
              found.putIfAbsent(file.substring(0, file.length() - 5), json);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the built-in log formats", e);
    }
    return found;
  }

  private static List<String> listResources(URL root) throws IOException {
    List<String> files = new ArrayList<>();
    if (root.getProtocol().equals("jar")) {
      JarURLConnection connection = (JarURLConnection) root.openConnection();
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
          String entry = entries.nextElement().getName();
          String prefix = RESOURCE_DIR + "/";
          if (entry.startsWith(prefix) && entry.indexOf('/', prefix.length()) < 0) {
            files.add(entry.substring(prefix.length()));
          }
        }
      }
    } else if (root.getProtocol().equals("file")) {
      Path folder;
      try {
        folder = Paths.get(root.toURI());
      } catch (URISyntaxException e) {
        throw new IOException("Bad classpath folder " + root, e);
      }
      try (Stream<Path> listing = Files.list(folder)) {
        listing.forEach(p -> files.add(p.getFileName().toString()));
      }
    }
    return files;
  }

  private static Map<String, String> readFolder(Configuration hadoop, String dir) {
    Map<String, String> found = new TreeMap<>();
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir);
    try {
      FileSystem fs = folder.getFileSystem(hadoop);
      if (!fs.exists(folder) || !fs.getFileStatus(folder).isDirectory()) {
        throw new AutoopsException(
            "Log format folder "
                + dir
                + " does not exist or is not a folder: create it or fix "
                + AutoopsConf.FORMATS_DIR.key()
                + ".");
      }
      for (FileStatus status : fs.listStatus(folder)) {
        if (status.isFile() && status.getPath().getName().endsWith(".json")) {
          try (FSDataInputStream in = fs.open(status.getPath())) {
            found.put(
                status.getPath().toString(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
        }
      }
    } catch (IOException e) {
      throw new AutoopsException(
          "Cannot read log format folder "
              + dir
              + " ("
              + e.getMessage()
              + "): check "
              + AutoopsConf.FORMATS_DIR.key()
              + ".",
          e);
    }
    return found;
  }
}
