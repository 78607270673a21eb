package net.metacircular.mcp.agent.api;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A stand-in MCIAS on loopback: {@code POST /v1/token/validate} answers from a table. */
final class McIasStub implements AutoCloseable {
  final Map<String, String> answers = new ConcurrentHashMap<>();
  final AtomicInteger calls = new AtomicInteger();
  volatile int failWith;
  private final HttpServer server;

  McIasStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/v1/token/validate",
        exchange -> {
          calls.incrementAndGet();
          String auth = exchange.getRequestHeaders().getFirst("Authorization");
          int status;
          String body;
          if (failWith != 0) {
            status = failWith;
            body = "{\"error\":\"down\"}";
          } else if (!"POST".equals(exchange.getRequestMethod())
              || auth == null
              || !auth.startsWith("Bearer ")) {
            status = 400;
            body = "{\"error\":\"bad request\"}";
          } else {
            String answer = answers.get(auth.substring(7));
            status = answer == null ? 401 : 200;
            body = answer == null ? "{\"valid\":false}" : answer;
          }
          byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
