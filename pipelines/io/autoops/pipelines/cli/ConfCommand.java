package io.autoops.pipelines.cli;

import io.autoops.pipelines.StageReport;
import io.autoops.pipelines.conf.AutoopsConf;
import io.autoops.pipelines.conf.ConfEntry;
import java.util.List;

/** {@code autoops conf}: prints every autoops key with its effective value; secrets redacted. */
final class ConfCommand implements Command {
  @Override
  public String name() {
    return "conf";
  }

  @Override
  public String summary() {
    return "print every spark.autoops.* key, its value and what it allows";
  }

  @Override
  public String help() {
    return """
        Usage: autoops conf [--conf KEY=VALUE ...]

        Prints each spark.autoops.* key with the value this run would use (defaults from
        the profile, e.g. conf/local.conf, then --conf) and what the key allows. Secrets are
        redacted.
        """;
  }

  @Override
  public List<StageReport> run(Context context, Args args) {
    AutoopsConf conf = context.conf();
    for (ConfEntry<?> entry : AutoopsConf.entries()) {
      Object value = conf.get(entry);
      if (value.toString().isEmpty()) {
        value = "<unset>";
      } else if (entry.secret()) {
        value = "<redacted>";
      }
      context.out().printf("%s=%s    # %s%n", entry.key(), value, entry.allowed());
    }
    return List.of();
  }
}
