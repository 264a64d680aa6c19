package io.autoops.pipelines.act;

import io.autoops.pipelines.conf.AutoopsConf;
import java.io.IOException;
import java.io.Serializable;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Posts a decision as JSON to {@code spark.autoops.act.webhook.url} with {@link HttpClient}.
 *
 * <p><b>Retries.</b> Connection failures, timeouts, 5xx and 429 answers are retried up to {@code
 * max-attempts} times in all, waiting {@code backoff-ms}, then twice that, and so on (at most 30 s)
 * between attempts. Any other answer outside 2xx is a permanent failure and is not retried.
 *
 * <p><b>Idempotency.</b> Every attempt carries the header {@code Idempotency-Key: <decision_id>},
 * so a receiver can drop a repeated delivery.
 *
 * <p><b>Secrets.</b> The URL may carry a token in its path or query, and {@code
 * spark.autoops.act.webhook.token} is sent as a bearer token: neither ever reaches a log line, an
 * outcome's detail or an exception message. Only {@link Settings#target()} ({@code
 * scheme://host:port}) is shown.
 *
 * <p>One instance serves one task; it is not shared between threads.
 */
public final class WebhookExecutor {
  /** The name rules use for this executor. */
  public static final String NAME = "webhook";

  static final long MAX_BACKOFF_MS = 30_000;

  private static final Logger LOG = LogManager.getLogger(WebhookExecutor.class);

  private final Settings settings;
  private final HttpClient client;
  private final Sleeper sleeper;

  /**
   * Where and how to post; serializable so that it travels to Spark executors.
   *
   * @param url the receiver, possibly carrying a secret
   * @param token bearer token, or empty
   * @param timeoutMs connect timeout and timeout of each request
   * @param maxAttempts attempts in all, at least 1
   * @param backoffMs wait before the second attempt
   */
  public record Settings(String url, String token, int timeoutMs, int maxAttempts, int backoffMs)
      implements Serializable {

    /** Reads the {@code spark.autoops.act.webhook.*} keys. */
    public static Settings of(AutoopsConf conf) {
      return new Settings(
          conf.get(AutoopsConf.ACT_WEBHOOK_URL),
          conf.get(AutoopsConf.ACT_WEBHOOK_TOKEN),
          conf.get(AutoopsConf.ACT_WEBHOOK_TIMEOUT_MS),
          conf.get(AutoopsConf.ACT_WEBHOOK_MAX_ATTEMPTS),
          conf.get(AutoopsConf.ACT_WEBHOOK_BACKOFF_MS));
    }

    /** {@code scheme://host:port} of the URL: the only part of it that may be shown. */
    public String target() {
      if (url.isEmpty()) {
        return "<no webhook url>";
      }
      try {
        URI uri = URI.create(url);
        int port = uri.getPort();
        if (port < 0) {
          port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }
        return uri.getScheme() + "://" + uri.getHost() + ":" + port;
      } catch (IllegalArgumentException e) {
        return "<unparsable webhook url>";
      }
    }

    @Override
    public String toString() {
      return "Settings[target="
          + target()
          + ", token="
          + (token.isEmpty() ? "none" : "<redacted>")
          + ", timeoutMs="
          + timeoutMs
          + ", maxAttempts="
          + maxAttempts
          + ", backoffMs="
          + backoffMs
          + "]";
    }
  }

  /** Waits between attempts; replaced in tests that only count the waits. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(long millis) throws InterruptedException;
  }

  public WebhookExecutor(Settings settings) {
    this(settings, Thread::sleep);
  }

  WebhookExecutor(Settings settings, Sleeper sleeper) {
    this.settings = settings;
    this.sleeper = sleeper;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(settings.timeoutMs()))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * Posts {@code json} with {@code Idempotency-Key: decisionId}, retrying as described above.
   *
   * @return succeeded after a 2xx answer, else failed; never throws for a failed delivery
   */
  public Outcome post(String decisionId, String json) {
    Outcome outcome = attempt(decisionId, json);
    if (outcome.status().equals(Ledger.FAILED)) {
      LOG.warn("webhook failed for decision {}: {}", decisionId, outcome.detail());
    }
    return outcome;
  }

  private Outcome attempt(String decisionId, String json) {
    HttpRequest request;
    try {
      HttpRequest.Builder builder =
          HttpRequest.newBuilder(URI.create(settings.url()))
              .timeout(Duration.ofMillis(settings.timeoutMs()))
              .header("Content-Type", "application/json")
              .header("Idempotency-Key", decisionId)
              .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
      if (!settings.token().isEmpty()) {
        builder.header("Authorization", "Bearer " + settings.token());
      }
      request = builder.build();
    } catch (IllegalArgumentException e) {
      return Outcome.failed(0, "webhook URL is not usable; check spark.autoops.act.webhook.url");
    }

    String target = settings.target();
    String last = "";
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      if (attempt > 1 && !pause(attempt)) {
        return Outcome.failed(attempt - 1, "interrupted while waiting to retry; " + last);
      }
      try {
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        int code = response.statusCode();
        if (code >= 200 && code < 300) {
          return Outcome.succeeded(
              attempt, "HTTP " + code + " from " + target + " after " + plural(attempt));
        }
        if (code != 429 && code < 500) {
          return Outcome.failed(
              attempt, "HTTP " + code + " from " + target + ": permanent failure, not retried");
        }
        last = "HTTP " + code + " from " + target;
      } catch (HttpConnectTimeoutException e) {
        last = "no connection to " + target + " within " + settings.timeoutMs() + " ms";
      } catch (HttpTimeoutException e) {
        last = "no answer from " + target + " within " + settings.timeoutMs() + " ms";
      } catch (ConnectException e) {
        last = "cannot connect to " + target + " (" + e.getClass().getSimpleName() + ")";
      } catch (IOException e) {
        last = "I/O error talking to " + target + " (" + e.getClass().getSimpleName() + ")";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Outcome.failed(attempt, "interrupted while posting to " + target);
      }
    }
    return Outcome.failed(
        settings.maxAttempts(),
        "gave up after "
            + plural(settings.maxAttempts())
            + "; last: "
            + last
            + " (raise spark.autoops.act.webhook.max-attempts or timeout-ms, or check the"
            + " receiver)");
  }

  private boolean pause(int attempt) {
    long wait = settings.backoffMs() * (1L << Math.min(attempt - 2, 20));
    try {
      sleeper.sleep(Math.min(wait, MAX_BACKOFF_MS));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String plural(int attempts) {
    return attempts + (attempts == 1 ? " attempt" : " attempts");
  }
}
