package net.metacircular.mcp.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import net.metacircular.mcp.agent.api.ApiJson;
import net.metacircular.mcp.agent.api.TestCerts;

/**
 * A client of a test agent's HTTPS API on a loopback port, trusting the {@link TestCerts} CA that
 * signed its certificate: requests with a bearer token, and the answers read as the agent's JSON.
 * Test agents wrap it with their own defaults (token, request timeout).
 */
public final class ApiClient {
  private static final ObjectMapper JSON = ApiJson.mapper();

  private final TestCerts certs;
  private final int port;
  private final Duration connectTimeout;
  private final HttpClient http;

  public ApiClient(TestCerts certs, int port, Duration connectTimeout) {
    this.certs = certs;
    this.port = port;
    this.connectTimeout = connectTimeout;
    this.http = newClient();
  }

  /** A new client, as a separate {@code mcp} process would have: its own connections. */
  public HttpClient newClient() {
    return HttpClient.newBuilder()
        .sslContext(certs.clientContext())
        .connectTimeout(connectTimeout)
        .build();
  }

  public URI uri(String pathAndQuery) {
    return URI.create("https://127.0.0.1:" + port + pathAndQuery);
  }

  /** A request with {@code Authorization: Bearer token}, or none if {@code token} is null. */
  public HttpRequest.Builder request(String pathAndQuery, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(pathAndQuery));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  /** Sends on this client's connections. */
  public HttpResponse<String> send(HttpRequest.Builder request) {
    return send(http, request);
  }

  /** Sends as it is (its own timeout, if any); I/O errors are unchecked. */
  public static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static <T> T read(HttpResponse<String> response, Class<T> type) {
    try {
      return JSON.readValue(response.body(), type);
    } catch (IOException e) {
      throw new AssertionError("not a " + type.getSimpleName() + ": " + response.body(), e);
    }
  }

  public static JsonNode tree(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }
}
