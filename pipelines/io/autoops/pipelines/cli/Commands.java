package io.autoops.pipelines.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every subcommand, in the order the help lists them. */
final class Commands {
  private Commands() {}

  static Map<String, Command> all() {
    Map<String, Command> commands = new LinkedHashMap<>();
    for (Command command :
        List.<Command>of(
            new DemoCommand(),
            new IngestCommand(),
            new TemplatesCommand(),
            new FeaturesCommand(),
            new PendingCommand(),
            new TrainCommand(),
            new ScoreCommand(),
            new ActCommand(),
            new SqlCommand(),
            new ConfCommand())) {
      commands.put(command.name(), command);
    }
    return commands;
  }
}
