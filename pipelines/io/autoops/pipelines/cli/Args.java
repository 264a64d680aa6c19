package io.autoops.pipelines.cli;

import io.autoops.pipelines.AutoopsException;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.pipelines.conf.ConfEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed words of one command line: options ({@code --name value}, {@code --name=value} or a
 * bare flag) and positional arguments. Which options take a value is declared by the command, so a
 * typo is caught by name instead of being taken for a path.
 */
final class Args {
  private final Map<String, List<String>> options = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();

  private Args() {}

  /**
   * Parses {@code words}.
   *
   * @param valued option names (without dashes) that take a value
   * @param flags option names that take none
   * @throws UsageException for an unknown option or a missing value
   */
  static Args parse(List<String> words, List<String> valued, List<String> flags) {
    Args args = new Args();
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (!word.startsWith("--") || word.equals("--")) {
        args.positional.add(word);
        continue;
      }
      String name = word.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name) && value == null) {
        args.options.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= words.size()) {
            throw new UsageException("Option --" + name + " needs a value.");
          }
          value = words.get(++i);
        }
        args.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      } else {
        throw new UsageException("Unknown option --" + name + ".");
      }
    }
    return args;
  }

  boolean flag(String name) {
    return options.containsKey(name);
  }

  Optional<String> value(String name) {
    List<String> values = options.get(name);
    return values == null ? Optional.empty() : Optional.of(values.get(values.size() - 1));
  }

  List<String> values(String name) {
    return options.getOrDefault(name, List.of());
  }

  List<String> positional() {
    return positional;
  }

  /** {@code conf} with {@code entry} set to option {@code name}'s value, when it was given. */
  AutoopsConf override(AutoopsConf conf, String name, ConfEntry<?> entry) {
    return value(name).map(value -> conf.with(entry, value)).orElse(conf);
  }

  /** A wrong command line: printed with the command's usage, exit code 2. */
  static final class UsageException extends AutoopsException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
