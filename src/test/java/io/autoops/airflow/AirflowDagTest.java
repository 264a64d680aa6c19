package io.autoops.airflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.autoops.TestSpark;
import io.autoops.pipelines.cli.AutoopsMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks {@code scripts/airflow/autoops_dag.py} without Airflow (not installable here): python3
 * compiles the file and reads it with the standard library's {@code ast} module only (see {@link
 * #FACTS}), and the CLI's own parser ({@link AutoopsMain#check}) checks every command line the DAG
 * runs. python3 is required: the test fails, naming it, when it is missing.
 */
class AirflowDagTest {
  private static final Path DAG = TestSpark.projectDir().resolve("scripts/airflow/autoops_dag.py");
  private static final String MAIN_CLASS = "io.autoops.pipelines.cli.AutoopsMain";
  private static final List<String> CHAIN =
      List.of("ingest", "pending", "features", "train", "score", "act");

  /** Modules a DAG may import beside Airflow's public ones: the standard library it uses. */
  private static final Set<String> STDLIB = Set.of("__future__", "datetime", "shlex");

  /**
   * Prints, as JSON, what the DAG file says: its imports, its module-level constants with names
   * resolved ({@code AUTOOPS_COMMANDS}, {@code SPARK_CONF}), the keywords of the {@code DAG(...)}
   * call, each operator task with its keywords (a {@code **dict} merged in) and the entries of
   * {@code AUTOOPS_COMMANDS} it uses, and the {@code >>} chains as task ids. Calls are described as
   * {@code {"call": name, "args": [...], "kwargs": {...}}}, other expressions as {@code <expr>}.
   */
  private static final String FACTS =
      """
      import ast, json, sys

      path = sys.argv[1]
      with open(path, encoding="utf-8") as f:
          source = f.read()
      tree = compile(source, path, "exec", ast.PyCF_ONLY_AST)
      compile(tree, path, "exec")

      assigned = {}
      for node in tree.body:
          if isinstance(node, ast.Assign) and len(node.targets) == 1:
              if isinstance(node.targets[0], ast.Name):
                  assigned[node.targets[0].id] = node.value

      def dotted(node):
          if isinstance(node, ast.Name):
              return node.id
          if isinstance(node, ast.Attribute):
              return dotted(node.value) + "." + node.attr
          return "<expr>"

      def describe(node):
          try:
              return ast.literal_eval(node)
          except (ValueError, TypeError, SyntaxError):
              pass
          if isinstance(node, ast.Name):
              return describe(assigned[node.id]) if node.id in assigned else "<" + node.id + ">"
          if isinstance(node, ast.Subscript):
              container = describe(node.value)
              key = describe(node.slice)
              if isinstance(container, dict) and key in container:
                  return container[key]
          if isinstance(node, ast.Call):
              return {"call": dotted(node.func),
                      "args": [describe(a) for a in node.args],
                      "kwargs": keywords(node)}
          if isinstance(node, ast.Dict):
              out = {}
              for k, v in zip(node.keys, node.values):
                  if k is None:
                      out.update(describe(v))
                  else:
                      out[describe(k)] = describe(v)
              return out
          return "<expr>"

      def keywords(call):
          out = {}
          for k in call.keywords:
              if k.arg is None:
                  out.update(describe(k.value))
              else:
                  out[k.arg] = describe(k.value)
          return out

      def commands_used(node, seen):
          used = []
          for sub in ast.walk(node):
              if (isinstance(sub, ast.Subscript) and isinstance(sub.value, ast.Name)
                      and sub.value.id == "AUTOOPS_COMMANDS"):
                  used.append(ast.literal_eval(sub.slice))
              elif isinstance(sub, ast.Name) and sub.id in assigned and sub.id not in seen:
                  seen.add(sub.id)
                  used += commands_used(assigned[sub.id], seen)
          return used

      def chain(node):
          if isinstance(node, ast.BinOp) and isinstance(node.op, ast.RShift):
              return chain(node.left) + chain(node.right)
          return [dotted(node)]

      imports, tasks, chains, dag = [], [], [], None
      variables = {}
      for node in ast.walk(tree):
          if isinstance(node, ast.Import):
              imports += [alias.name for alias in node.names]
          elif isinstance(node, ast.ImportFrom):
              imports.append("." * node.level + (node.module or ""))
          elif isinstance(node, ast.With):
              for item in node.items:
                  if isinstance(item.context_expr, ast.Call) and dotted(item.context_expr.func) == "DAG":
                      dag = keywords(item.context_expr)
          elif (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                  and dotted(node.value.func).endswith("Operator")):
              kwargs = keywords(node.value)
              variables[dotted(node.targets[0])] = kwargs.get("task_id")
              tasks.append({"operator": dotted(node.value.func),
                            "task_id": kwargs.get("task_id"),
                            "kwargs": kwargs,
                            "commands": commands_used(node.value, set())})
          elif isinstance(node, ast.Expr) and isinstance(node.value, ast.BinOp):
              chains.append(chain(node.value))

      print(json.dumps({
          "imports": imports,
          "commands": describe(assigned["AUTOOPS_COMMANDS"]) if "AUTOOPS_COMMANDS" in assigned else None,
          "spark_conf": describe(assigned["SPARK_CONF"]) if "SPARK_CONF" in assigned else None,
          "dag": dag,
          "tasks": tasks,
          "chains": [[variables.get(name, name) for name in c] for c in chains],
      }))
      """;

  @TempDir Path dir;

  @Test
  void dagImportsOnlyAirflowPublicModulesAndTheStandardLibrary() throws Exception {
    Map<String, Object> facts = facts(DAG);

    List<String> imports = strings(facts.get("imports"));
    assertThat(disallowedImports(imports)).as("imports of %s", DAG).isEmpty();
    assertThat(imports)
        .containsExactlyInAnyOrder(
            "__future__",
            "datetime",
            "shlex",
            "airflow.providers.apache.spark.operators.spark_submit",
            "airflow.providers.standard.operators.bash",
            "airflow.sdk");
  }

  @Test
  void everyCommandLineOfTheDagIsAcceptedByTheCli() throws Exception {
    Map<String, Object> facts = facts(DAG);
    Map<String, Map<String, Object>> tasks = tasksById(facts);
    Map<String, Object> commands = map(facts.get("commands"));

    assertThat(commands.keySet()).containsExactlyElementsOf(CHAIN);
    for (String name : CHAIN) {
      List<String> argv = strings(commands.get(name));
      assertThat(argv.get(0)).as("command of task %s", name).isEqualTo(name);
      assertThat(AutoopsMain.check(argv)).as("autoops %s", argv).isEmpty();
      assertThat(tasks.get(name).get("commands"))
          .as("task %s runs AUTOOPS_COMMANDS[%s]", name, name)
          .isEqualTo(List.of(name));
    }
  }

  @Test
  void optionValuesOfTheDagAreValidSettings() throws Exception {
    Map<String, Object> facts = facts(DAG);
    Map<String, Object> commands = map(facts.get("commands"));
    // The setting each option overrides, as in the command classes.
    List<String> ingest =
        settings(
            strings(commands.get("ingest")),
            Map.of(
                "--mode", "spark.autoops.ingest.mode",
                "--trigger", "spark.autoops.ingest.trigger"));
    List<String> score =
        settings(
            strings(commands.get("score")), Map.of("--trigger", "spark.autoops.score.trigger"));
    List<String> act =
        settings(strings(commands.get("act")), Map.of("--trigger", "spark.autoops.act.trigger"));

    assertThat(ingest)
        .containsExactly(
            "spark.autoops.ingest.mode=stream", "spark.autoops.ingest.trigger=available-now");
    assertThat(score).containsExactly("spark.autoops.score.trigger=available-now");
    assertThat(act).containsExactly("spark.autoops.act.trigger=available-now");

    List<String> all = new ArrayList<>(List.of("conf"));
    for (String setting : concat(ingest, score, act)) {
      all.addAll(List.of("--conf", setting));
    }
    for (Map.Entry<String, Object> entry : map(facts.get("spark_conf")).entrySet()) {
      all.addAll(List.of("--conf", entry.getKey() + "=" + entry.getValue()));
    }
    assertThat(AutoopsMain.check(all)).as("autoops %s", all).isEmpty();
  }

  @Test
  void dagRunsTheChainOnceAtATimeWithRetriesAndTheSparkSettings() throws Exception {
    Map<String, Object> facts = facts(DAG);
    Map<String, Map<String, Object>> tasks = tasksById(facts);
    Map<String, Object> dag = map(facts.get("dag"));

    assertThat(facts.get("chains")).isEqualTo(List.of(CHAIN));
    assertThat(dag)
        .containsEntry("dag_id", "autoops")
        .containsEntry("catchup", false)
        .containsEntry("max_active_runs", 1);
    Map<String, Object> defaults = map(dag.get("default_args"));
    assertThat(defaults).containsEntry("retries", 2);
    assertThat(defaults.get("retry_delay"))
        .isEqualTo(
            Map.of(
                "call", "datetime.timedelta", "args", List.of(), "kwargs", Map.of("minutes", 5)));

    for (String name : List.of("ingest", "features", "train", "score", "act")) {
      Map<String, Object> task = tasks.get(name);
      assertThat(task.get("operator")).as(name).isEqualTo("SparkSubmitOperator");
      Map<String, Object> kwargs = map(task.get("kwargs"));
      assertThat(kwargs)
          .as(name)
          .containsEntry("java_class", MAIN_CLASS)
          .containsEntry(
              "application",
              "{{ var.value.get('autoops_jar', '/opt/autoops/target/autoops.jar') }}")
          .containsEntry(
              "properties_file",
              "{{ var.value.get('autoops_properties', '/opt/autoops/conf/cluster.conf') }}")
          .containsEntry(
              "conn_id",
              Map.of(
                  "call",
                  "Variable.get",
                  "args",
                  List.of("autoops_spark_conn_id"),
                  "kwargs",
                  Map.of("default", "spark_default")));
      assertThat(map(kwargs.get("conf")))
          .as(name)
          .containsEntry(
              "spark.autoops.warehouse",
              "{{ var.value.get('autoops_warehouse', '/opt/autoops/warehouse') }}")
          .containsKey("spark.autoops.act.policy");
    }
    assertThat(map(tasks.get("score").get("kwargs"))).containsEntry("trigger_rule", "none_failed");

    Map<String, Object> pending = tasks.get("pending");
    assertThat(pending.get("operator")).isEqualTo("BashOperator");
    assertThat(map(pending.get("kwargs"))).containsEntry("skip_on_exit_code", 99);
  }

  @Test
  void wrongCommandLinesAreRejectedWithTheCliMessage() {
    assertThat(AutoopsMain.check(List.of("train", "--trigger", "available-now")))
        .hasValue(
            "autoops train: Unknown option --trigger. Run 'autoops train --help' for its options.");
    assertThat(AutoopsMain.check(List.of("score", "--trigger")))
        .hasValue(
            "autoops score: Option --trigger needs a value. Run 'autoops score --help' for its"
                + " options.");
    assertThat(AutoopsMain.check(List.of("trian")))
        .get()
        .asString()
        .startsWith("autoops: unknown command 'trian'. Commands: ");
    assertThat(AutoopsMain.check(List.of("conf", "--conf", "spark.autoops.score.trigger=soon")))
        .get()
        .asString()
        .startsWith("autoops conf: Invalid configuration spark.autoops.score.trigger='soon'");
    assertThat(AutoopsMain.check(List.of("ingest", "--conf", "spark.autoops.ingest.mod=stream")))
        .get()
        .asString()
        .startsWith("autoops ingest: Unknown configuration key spark.autoops.ingest.mod:");
  }

  @Test
  void aDagWithPrivateImportsOrAWrongCommandFailsTheChecks() throws Exception {
    Path bad = dir.resolve("bad_dag.py");
    Files.writeString(
        bad,
        """
        import pendulum
        from airflow.models import Variable
        from airflow.operators.bash import BashOperator
        from airflow.sdk import DAG

        AUTOOPS_COMMANDS = {"train": ["train", "--trigger", "available-now"]}
        """);

    Map<String, Object> facts = facts(bad);

    assertThat(disallowedImports(strings(facts.get("imports"))))
        .containsExactly("pendulum", "airflow.models", "airflow.operators.bash");
    List<String> train = strings(map(facts.get("commands")).get("train"));
    assertThat(AutoopsMain.check(train)).get().asString().contains("Unknown option --trigger.");
  }

  @Test
  void aDagThatDoesNotCompileFailsNamingTheError() throws Exception {
    Path broken = dir.resolve("broken_dag.py");
    Files.writeString(broken, "AUTOOPS_COMMANDS = {\"train\": [\"train\"]\n");

    Python result = python(broken);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.stderr()).contains("SyntaxError").contains("broken_dag.py");
  }

  /** The imports that are neither Airflow's public API nor {@link #STDLIB}, in file order. */
  static List<String> disallowedImports(List<String> imports) {
    return imports.stream()
        .filter(
            module ->
                !(module.equals("airflow.sdk")
                    || module.startsWith("airflow.sdk.")
                    || module.startsWith("airflow.providers.")
                    || STDLIB.contains(module)))
        .toList();
  }

  private static List<String> settings(List<String> argv, Map<String, String> options) {
    List<String> settings = new ArrayList<>();
    for (int i = 1; i + 1 < argv.size(); i++) {
      String key = options.get(argv.get(i));
      if (key != null) {
        settings.add(key + "=" + argv.get(i + 1));
      }
    }
    return settings;
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> list : lists) {
      all.addAll(list);
    }
    return all;
  }

  private Map<String, Map<String, Object>> tasksById(Map<String, Object> facts) {
    Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
    for (Object task : (List<?>) facts.get("tasks")) {
      Map<String, Object> t = map(task);
      byId.put((String) t.get("task_id"), t);
    }
    assertThat(byId.keySet()).containsExactlyInAnyOrderElementsOf(CHAIN);
    return byId;
  }

  private Map<String, Object> facts(Path dag) throws IOException, InterruptedException {
    Python result = python(dag);
    assertThat(result.exitCode()).as("python3 on %s: %s", dag, result.stderr()).isZero();
    return map(new ObjectMapper().readValue(result.stdout(), Map.class));
  }

  private Python python(Path dag) throws IOException, InterruptedException {
    Path stderr = Files.createTempFile(dir, "python", ".err");
    Process process;
    try {
      process =
          new ProcessBuilder("python3", "-I", "-c", FACTS, dag.toString())
              .redirectError(stderr.toFile())
              .start();
    } catch (IOException e) {
      return fail(
          "python3 is not on the PATH ("
              + e.getMessage()
              + "): AirflowDagTest needs it to read "
              + DAG
              + " without Airflow. Install Python 3.");
    }
    String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return fail("python3 did not finish reading " + dag + " within 60 s.");
    }
    return new Python(process.exitValue(), stdout, Files.readString(stderr));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  private static List<String> strings(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return ((List<?>) value).stream().map(String.class::cast).toList();
  }

  private record Python(int exitCode, String stdout, String stderr) {}
}
