package io.autoops.act;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP receiver on 127.0.0.1 and a free port, recording every request. It answers with the
 * scripted status codes in order, then with {@code 200}; a scripted {@link #HANG} holds the request
 * without answering until the server closes.
 */
public final class WebhookServer implements AutoCloseable {
  /** A scripted "status" that never answers. */
  public static final int HANG = -1;

  /** One received request. */
  public record Request(
      String pathAndQuery, String idempotencyKey, String authorization, String body) {}

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(4);
  private final Deque<Integer> script = new ArrayDeque<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile int fallback = 200;

  public WebhookServer(Integer... statuses) {
    script.addAll(List.of(statuses));
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** Answers {@code status} once the script is used up. */
  public WebhookServer always(int status) {
    fallback = status;
    return this;
  }

  /** The base URL, such as {@code http://127.0.0.1:40123}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  public List<String> idempotencyKeys() {
    return requests.stream().map(Request::idempotencyKey).toList();
  }

  public List<String> bodies() {
    return requests.stream().map(Request::body).toList();
  }

  public List<String> authorizations() {
    return requests.stream().map(Request::authorization).toList();
  }

  public List<String> paths() {
    return requests.stream().map(Request::pathAndQuery).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    requests.add(
        new Request(
            exchange.getRequestURI().toString(),
            exchange.getRequestHeaders().getFirst("Idempotency-Key"),
            exchange.getRequestHeaders().getFirst("Authorization"),
            body));
    int status;
    synchronized (script) {
      status = script.isEmpty() ? fallback : script.removeFirst();
    }
    if (status == HANG) {
      try {
        closing.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
