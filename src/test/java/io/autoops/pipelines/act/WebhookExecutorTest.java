package io.autoops.pipelines.act;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoops.act.WebhookServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookExecutorTest {
  private static final String SECRET = "planted-secret-4711";

  private WebhookServer server;
  private final List<Long> waits = new ArrayList<>();

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private WebhookExecutor executor(int timeoutMs, int maxAttempts) {
    String url = server.url() + "/hooks/" + SECRET + "?token=" + SECRET;
    return new WebhookExecutor(
        new WebhookExecutor.Settings(url, SECRET, timeoutMs, maxAttempts, 100), waits::add);
  }

  @Test
  void retriesServerErrorsWithBackoffUntilSuccess() {
    server = new WebhookServer(503, 503, 200);

    Outcome outcome = executor(2000, 3).post("d-1", "{\"decision_id\":\"d-1\"}");

    assertThat(outcome)
        .isEqualTo(
            new Outcome("succeeded", 3, "HTTP 200 from " + server.url() + " after 3 attempts"));
    assertThat(waits).containsExactly(100L, 200L);
    assertThat(server.idempotencyKeys()).containsExactly("d-1", "d-1", "d-1");
    assertThat(server.bodies()).containsOnly("{\"decision_id\":\"d-1\"}");
    assertThat(server.authorizations()).containsOnly("Bearer " + SECRET);
    assertThat(server.paths()).containsOnly("/hooks/" + SECRET + "?token=" + SECRET);
  }

  @Test
  void retriesTooManyRequests() {
    server = new WebhookServer(429, 201);

    assertThat(executor(2000, 3).post("d-2", "{}"))
        .isEqualTo(
            new Outcome("succeeded", 2, "HTTP 201 from " + server.url() + " after 2 attempts"));
  }

  @Test
  void clientErrorIsPermanent() {
    server = new WebhookServer(400, 200);

    assertThat(executor(2000, 3).post("d-3", "{}"))
        .isEqualTo(
            new Outcome(
                "failed", 1, "HTTP 400 from " + server.url() + ": permanent failure, not retried"));
    assertThat(server.idempotencyKeys()).containsExactly("d-3");
    assertThat(waits).isEmpty();
  }

  @Test
  void givesUpOnASilentServerWithinBoundedTime() {
    server = new WebhookServer(WebhookServer.HANG, WebhookServer.HANG);
    long start = System.nanoTime();

    Outcome outcome = executor(300, 2).post("d-4", "{}");

    double seconds = (System.nanoTime() - start) / 1e9;
    assertThat(outcome)
        .isEqualTo(
            new Outcome(
                "failed",
                2,
                "gave up after 2 attempts; last: no answer from "
                    + server.url()
                    + " within 300 ms (raise spark.autoops.act.webhook.max-attempts or timeout-ms,"
                    + " or check the receiver)"));
    assertThat(seconds).isLessThan(5.0);
    assertThat(server.idempotencyKeys()).containsExactly("d-4", "d-4");
  }

  @Test
  void refusedConnectionIsRetriedThenFailsWithoutTheSecret() {
    server = new WebhookServer();
    WebhookExecutor executor = executor(1000, 3);
    server.close();

    Outcome outcome = executor.post("d-5", "{}");

    assertThat(outcome.status()).isEqualTo("failed");
    assertThat(outcome.attempts()).isEqualTo(3);
    assertThat(outcome.detail())
        .startsWith("gave up after 3 attempts; last: cannot connect to " + server.url())
        .doesNotContain(SECRET);
    server = null;
  }

  @Test
  void settingsShowOnlySchemeHostAndPort() {
    WebhookExecutor.Settings settings =
        new WebhookExecutor.Settings(
            "https://hooks.example/x/" + SECRET + "?t=" + SECRET, SECRET, 1, 1, 0);

    assertThat(settings.target()).isEqualTo("https://hooks.example:443");
    assertThat(settings.toString())
        .isEqualTo(
            "Settings[target=https://hooks.example:443, token=<redacted>, timeoutMs=1,"
                + " maxAttempts=1, backoffMs=0]");
  }
}
