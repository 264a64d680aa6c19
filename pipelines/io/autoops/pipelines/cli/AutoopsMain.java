package io.autoops.pipelines.cli;

import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.conf.AutoopsConf;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * The autoops command line: {@code autoops <command> [options]}. The same class runs under the
 * local launcher ({@code scripts/autoops}) and under {@code spark-submit --class}.
 *
 * <p>Exit codes: 0 done, 1 the job failed (one line on stderr naming the thing and the fix; the
 * stack trace only with {@code --verbose}), 2 a wrong command line; a command may document one more
 * outcome of a run that succeeded ({@code pending}: 99 when there is nothing new to train on).
 */
public final class AutoopsMain {
  static final String GLOBAL_HELP =
      """
      Global options:
        --conf KEY=VALUE   Spark or autoops setting (spark.autoops.*), repeatable; overrides conf/
        --warehouse DIR    root of every table (spark.autoops.warehouse); any Hadoop path
        --verbose          print the stack trace of a failure
        --help             this help
      """;

  private AutoopsMain() {}

  public static void main(String[] argv) {
    System.exit(run(List.of(argv), System.out, System.err));
  }

  /** Runs one command line and returns the exit code; never calls {@link System#exit}. */
  public static int run(List<String> argv, PrintStream out, PrintStream err) {
    Map<String, Command> commands = Commands.all();
    if (argv.isEmpty() || List.of("--help", "-h", "help").contains(argv.get(0))) {
      out.print(overview(commands));
      return argv.isEmpty() ? 2 : 0;
    }
    Command command = commands.get(argv.get(0));
    if (command == null) {
      err.println(unknownCommand(argv.get(0), commands));
      return 2;
    }
    boolean verbose = argv.contains("--verbose");
    Context context = null;
    try {
      Args args = parse(command, argv.subList(1, argv.size()));
      if (args.flag("help")) {
        out.print(command.help() + "\n" + GLOBAL_HELP);
        return 0;
      }
      context = context(args, out);
      List<StageReport> reports = command.run(context, args);
      for (StageReport report : reports) {
        out.println(report.toLine());
      }
      return command.exitCode(reports);
    } catch (Args.UsageException e) {
      err.println(usageError(command, e));
      return 2;
    } catch (AutoopsException e) {
      err.println("autoops " + command.name() + ": " + e.getMessage());
      if (verbose) {
        e.printStackTrace(err);
      }
      return 1;
    } catch (Exception | Error e) {
      err.println(
          "autoops "
              + command.name()
              + ": failed: "
              + e.getClass().getSimpleName()
              + ": "
              + AutoopsException.firstLine(e.getMessage())
              + (verbose ? "" : " (run with --verbose for the stack trace)"));
      if (verbose) {
        e.printStackTrace(err);
      }
      return 1;
    } finally {
      if (context != null) {
        context.close();
      }
    }
  }

  /**
   * Checks a command line the way {@link #run} would before it starts any work: the command name,
   * its options and their values' presence, and the {@code --conf} and {@code --warehouse}
   * settings. Starts no Spark and reads no file; values a command checks when it runs (such as
   * whether an input path exists) are not checked.
   *
   * @param argv the words after {@code autoops}, as given to {@link #run}
   * @return the one-line error {@link #run} would print, or empty when the line is accepted
   */
  public static Optional<String> check(List<String> argv) {
    Map<String, Command> commands = Commands.all();
    if (argv.isEmpty()) {
      return Optional.of("autoops: no command given. Run 'autoops --help'.");
    }
    if (List.of("--help", "-h", "help").contains(argv.get(0))) {
      return Optional.empty();
    }
    Command command = commands.get(argv.get(0));
    if (command == null) {
      return Optional.of(unknownCommand(argv.get(0), commands));
    }
    try {
      Args args = parse(command, argv.subList(1, argv.size()));
      AutoopsConf.of(overrides(args));
      return Optional.empty();
    } catch (Args.UsageException e) {
      return Optional.of(usageError(command, e));
    } catch (AutoopsException e) {
      return Optional.of("autoops " + command.name() + ": " + e.getMessage());
    }
  }

  private static String unknownCommand(String name, Map<String, Command> commands) {
    return "autoops: unknown command '"
        + name
        + "'. Commands: "
        + String.join(", ", commands.keySet())
        + ". Run 'autoops --help'.";
  }

  private static String usageError(Command command, Args.UsageException e) {
    return "autoops "
        + command.name()
        + ": "
        + e.getMessage()
        + " Run 'autoops "
        + command.name()
        + " --help' for its options.";
  }

  private static Args parse(Command command, List<String> words) {
    List<String> valued = new ArrayList<>(command.valuedOptions());
    valued.addAll(List.of("conf", "warehouse"));
    List<String> flags = new ArrayList<>(command.flags());
    flags.addAll(List.of("verbose", "help"));
    return Args.parse(words, valued, flags);
  }

  /**
   * Settings in rising precedence: the profile the launcher names (system property {@code
   * autoops.profile}, such as {@code conf/local.conf}), Spark settings from spark-submit, {@code
   * --conf}, {@code --warehouse}.
   */
  private static Context context(Args args, PrintStream out) {
    Map<String, String> settings = new LinkedHashMap<>();
    String profile = System.getProperty("autoops.profile");
    if (profile != null && !profile.isBlank()) {
      settings.putAll(readProfile(Paths.get(profile)));
    }
    for (Tuple2<String, String> kv : new SparkConf().getAll()) {
      settings.put(kv._1(), kv._2());
    }
    settings.putAll(overrides(args));
    AutoopsConf conf = AutoopsConf.of(settings);
    Path home = Paths.get(System.getProperty("autoops.home", ".")).toAbsolutePath().normalize();
    return new Context(settings, conf, home, out);
  }

  /** The settings of the command line: {@code --conf} pairs, then {@code --warehouse}. */
  private static Map<String, String> overrides(Args args) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String pair : args.values("conf")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new Args.UsageException("--conf takes KEY=VALUE, got '" + pair + "'.");
      }
      settings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    args.value("warehouse").ifPresent(dir -> settings.put(AutoopsConf.WAREHOUSE.key(), dir));
    return settings;
  }

  /**
   * Reads a profile, a spark-defaults style file: {@code key value} per line, {@code #} comments.
   */
  static Map<String, String> readProfile(Path file) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (!Files.isRegularFile(file)) {
      throw new AutoopsException(
          "Configuration profile "
              + file
              + " does not exist: set AUTOOPS_PROFILE to local, cluster or the path of a"
              + " profile file.");
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    } catch (IOException e) {
      throw new AutoopsException(
          "Cannot read configuration file " + file + ": " + e.getMessage() + ".", e);
    }
    properties
        .stringPropertyNames()
        .forEach(k -> settings.put(k, properties.getProperty(k).trim()));
    return settings;
  }

  private static String overview(Map<String, Command> commands) {
    StringBuilder text =
        new StringBuilder(
            "Usage: autoops <command> [options]\n\n"
                + "Turns infrastructure logs into Delta tables, models, decisions and actions.\n\n"
                + "Commands:\n");
    commands
        .values()
        .forEach(c -> text.append(String.format("  %-10s %s%n", c.name(), c.summary())));
    return text.append("\nRun 'autoops <command> --help' for a command's options.\n\n")
        .append(GLOBAL_HELP)
        .toString();
  }
}
