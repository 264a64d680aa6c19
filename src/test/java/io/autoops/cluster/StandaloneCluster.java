package io.autoops.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1 for integration tests: one Master and two Workers (1
 * core, 1.5 GB each) started as separate JVMs from a SPARK_HOME whose {@code jars/} holds Spark's
 * runtime, plus a {@code bin/spark-submit} that runs Spark's launcher as the real script does.
 *
 * <p>Every listener binds to 127.0.0.1 ({@code SPARK_LOCAL_IP} and {@code --host}); the numbered
 * ports (Master RPC, web UIs, REST) are free ports picked at start. {@link #close()} stops every
 * process this fixture started, with their children (executors, cluster-mode drivers, the
 * spark-submit JVMs), and a JVM shutdown hook does the same if the test JVM dies first.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final String LOOPBACK = "127.0.0.1";
  private static final int WORKERS = 2;

  private final Path sparkHome;
  private final Path root;
  private final List<Process> processes = new ArrayList<>();
  private final List<ProcessHandle> started = new ArrayList<>();
  private final Thread hook = new Thread(this::stopAll, "standalone-cluster-stop");
  private int masterPort;
  private int masterUiPort;

  private StandaloneCluster(Path sparkHome, Path root) {
    this.sparkHome = sparkHome;
    this.root = root;
  }

  /**
   * Writes {@code bin/spark-submit} into {@code sparkHome} and starts the Master and the Workers
   * (without waiting for them; see {@link #awaitAliveWorkers}).
   *
   * @param sparkHome a folder whose {@code jars/} holds the Spark 4.1 runtime jars
   * @param root an empty folder for logs and the Workers' work folders
   */
  static StandaloneCluster start(Path sparkHome, Path root) throws IOException {
    if (!Files.isDirectory(sparkHome.resolve("jars"))) {
      throw new IllegalStateException(
          sparkHome
              + "/jars is missing: run the integration tests with mvn verify, which copies"
              + " Spark's runtime there (maven-dependency-plugin).");
    }
    StandaloneCluster cluster = new StandaloneCluster(sparkHome, root);
    Runtime.getRuntime().addShutdownHook(cluster.hook);
    try {
      cluster.writeSparkSubmit();
      cluster.startDaemons();
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  /** The Master's URL, {@code spark://127.0.0.1:PORT}. */
  String masterUrl() {
    return "spark://" + LOOPBACK + ":" + masterPort;
  }

  Path sparkHome() {
    return sparkHome;
  }

  /** Folder of the Master's and Workers' logs. */
  Path logs() {
    return root.resolve("logs");
  }

  /** Work folder of every Worker (drivers' and executors' stdout and stderr). */
  List<Path> workDirs() {
    List<Path> dirs = new ArrayList<>();
    for (int i = 1; i <= WORKERS; i++) {
      dirs.add(root.resolve("work-" + i));
    }
    return dirs;
  }

  /** Environment every process of the cluster runs with. */
  Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", LOOPBACK);
    env.put("AWS_EC2_METADATA_DISABLED", "true");
    return env;
  }

  /**
   * Polls the Master's JSON page until every Worker is ALIVE.
   *
   * @throws IllegalStateException naming the log folder when they are not within {@code timeout}
   */
  void awaitAliveWorkers(Duration timeout) throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + LOOPBACK + ":" + masterUiPort + "/json/"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(
              "A cluster daemon exited with " + p.exitValue() + "; see the logs in " + logs());
        }
      }
      try {
        JsonNode status =
            new ObjectMapper()
                .readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
        long alive = 0;
        for (JsonNode worker : status.path("workers")) {
          if ("ALIVE".equals(worker.path("state").asText())) {
            alive++;
          }
        }
        if (alive == WORKERS) {
          return;
        }
        last = alive + " of " + WORKERS + " workers alive";
      } catch (IOException e) {
        last = e.toString();
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    throw new IllegalStateException(
        "The cluster was not up within " + timeout + " (" + last + "); see the logs in " + logs());
  }

  /**
   * Runs a command of this cluster's machine (such as {@code scripts/autoops-submit}) with the
   * cluster's environment, waits for it and returns its exit code and output. The process and its
   * children are stopped with the cluster if the wait is cut short.
   */
  Run run(List<String> command, Map<String, String> extraEnv, Duration timeout, String name)
      throws IOException, InterruptedException {
    Path out = logs().resolve(name + ".out");
    Path err = logs().resolve(name + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().putAll(environment());
    builder.environment().putAll(extraEnv);
    Process process = track(builder.start());
    long t0 = System.nanoTime();
    if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
      stop(process.toHandle());
      throw new IllegalStateException(
          name + " did not finish within " + timeout + "; its output is in " + out + " and " + err);
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8),
        (System.nanoTime() - t0) / 1e9);
  }

  /** The outcome of {@link #run}. */
  record Run(int exitCode, String stdout, String stderr, double seconds) {}

  /** Every process this fixture started and their descendants that are still running. */
  List<ProcessHandle> running() {
    List<ProcessHandle> alive = new ArrayList<>();
    synchronized (started) {
      for (ProcessHandle h : started) {
        h.descendants().filter(ProcessHandle::isAlive).forEach(alive::add);
        if (h.isAlive()) {
          alive.add(h);
        }
      }
    }
    return alive;
  }

  @Override
  public void close() {
    stopAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook runs (or ran) stopAll itself.
    }
  }

  private void startDaemons() throws IOException {
    masterPort = freePort();
    masterUiPort = freePort();
    int restPort = freePort();
    Files.createDirectories(logs());
    daemon(
        "master",
        List.of(
            "-Dspark.master.rest.host=" + LOOPBACK,
            "-Dspark.master.rest.port=" + restPort,
            "org.apache.spark.deploy.master.Master",
            "--host",
            LOOPBACK,
            "--port",
            Integer.toString(masterPort),
            "--webui-port",
            Integer.toString(masterUiPort)));
    for (int i = 1; i <= WORKERS; i++) {
      Path work = root.resolve("work-" + i);
      Files.createDirectories(work);
      daemon(
          "worker-" + i,
          List.of(
              "org.apache.spark.deploy.worker.Worker",
              "--host",
              LOOPBACK,
              "--webui-port",
              Integer.toString(freePort()),
              "--cores",
              "1",
              "--memory",
              "1536m",
              "--work-dir",
              work.toString(),
              masterUrl()));
    }
  }

  private void daemon(String name, List<String> mainAndArgs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(List.of(System.getProperty("autoops.it.jvm.flags", "").split("\\s+")));
    command.removeIf(String::isBlank);
    command.add("-cp");
    command.add(sparkHome.resolve("jars") + "/*");
    command.addAll(mainAndArgs);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(logs().resolve(name + ".log").toFile());
    builder.environment().putAll(environment());
    track(builder.start());
  }

  private Process track(Process process) {
    synchronized (started) {
      processes.add(process);
      started.add(process.toHandle());
    }
    return process;
  }

  /** SIGTERM first (a Worker then stops its executors and drivers), SIGKILL what is left. */
  private void stopAll() {
    List<ProcessHandle> all = running();
    all.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    for (ProcessHandle h : all) {
      long left = Math.max(0, deadline - System.nanoTime());
      try {
        h.onExit().get(left, TimeUnit.NANOSECONDS);
      } catch (Exception e) {
        // Killed below.
      }
    }
    // Children started while stopping (a Worker relaunching an executor) are caught here too.
    running().forEach(ProcessHandle::destroyForcibly);
  }

  private static void stop(ProcessHandle process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process);
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  private void writeSparkSubmit() throws IOException {
    Path bin = Files.createDirectories(sparkHome.resolve("bin"));
    Path script = bin.resolve("spark-submit");
    Files.writeString(
        script,
        """
        #!/usr/bin/env bash
        # Test stand-in for Spark's bin/spark-submit (written by io.autoops.cluster tests): asks
        # Spark's launcher for the command line and runs it, as Spark's spark-class does. The
        # launcher prints its messages, an empty NUL-ended line, then the command's words
        # NUL-separated; the launcher's exit code is appended last.
        export SPARK_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
        export SPARK_SCALA_VERSION=2.13
        RUNNER="${JAVA_HOME:+$JAVA_HOME/bin/}java"
        build_command() {
          "$RUNNER" -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main \\
            org.apache.spark.deploy.SparkSubmit "$@"
          printf '%d\\0' $?
        }
        CMD=()
        DELIM=$'\\n'
        STARTED=false
        while IFS= read -d "$DELIM" -r ARG; do
          if [[ "$STARTED" == true ]]; then
            CMD+=("$ARG")
          elif [[ -z "$ARG" ]]; then
            DELIM=''
            STARTED=true
          else
            echo "$ARG"
          fi
        done < <(build_command "$@")
        LAST=$((${#CMD[@]} - 1))
        if [[ "$LAST" -lt 0 || "${CMD[$LAST]}" != 0 ]]; then
          exit "${CMD[$LAST]:-1}"
        fi
        exec "${CMD[@]:0:$LAST}"
        """,
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on " + LOOPBACK, e);
    }
  }
}
