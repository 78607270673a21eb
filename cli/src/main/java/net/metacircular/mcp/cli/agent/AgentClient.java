package net.metacircular.mcp.cli.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLException;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.config.Node;

/**
 * One node's agent over HTTPS: JSON requests with the bearer token, answers read into the schema's
 * api records, and every failure turned into a message that names the node and what to do.
 */
public final class AgentClient {
  private final Agents agents;
  private final Node node;

  AgentClient(Agents agents, Node node) {
    this.agents = agents;
    this.node = node;
  }

  public Node node() {
    return node;
  }

  /** {@code rift (rift.example.net:9443)}, for messages. */
  public String where() {
    return "node " + node.name() + " at " + node.address();
  }

  public <T> T get(String path, Class<T> type) {
    return read(path, send("GET", path, true, Map.of(), null), type);
  }

  /** A GET without the token (for {@code /healthz}). */
  public <T> T getPublic(String path, Class<T> type) {
    return read(path, send("GET", path, false, Map.of(), null), type);
  }

  /** A POST with a JSON body (or none when {@code body} is null). */
  public <T> T post(String path, Object body, Class<T> type) {
    byte[] bytes = body == null ? new byte[0] : write(body);
    return read(
        path, send("POST", path, true, Map.of("Content-Type", "application/json"), bytes), type);
  }

  public <T> T put(String path, byte[] content, Class<T> type) {
    return read(
        path,
        send("PUT", path, true, Map.of("Content-Type", "application/octet-stream"), content),
        type);
  }

  public byte[] getBytes(String path) {
    return send("GET", path, true, Map.of(), null).bytes();
  }

  /**
   * Opens {@code GET path} as a stream of server-sent events, resuming after {@code lastEventId}
   * when it is not null. The request timeout bounds the wait for the answer's head only.
   */
  public InputStream stream(String path, String lastEventId) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "text/event-stream");
    if (lastEventId != null) {
      headers.put("Last-Event-ID", lastEventId);
    }
    HttpsAnswer a = exchange("GET", path, true, headers, null, true);
    if (a.ok()) {
      return a.body();
    }
    byte[] body;
    try (InputStream in = a.body()) {
      body = in.readNBytes(64 * 1024);
    } catch (IOException e) {
      body = new byte[0];
    }
    throw failure(a.status(), body);
  }

  /** A 2xx answer's status and whole body. */
  private record Body(int status, byte[] bytes) {}

  /** A 2xx answer, its body read whole before the deadline; any other status, as an error. */
  private Body send(
      String method, String path, boolean auth, Map<String, String> headers, byte[] body) {
    HttpsAnswer a = exchange(method, path, auth, headers, body, false);
    byte[] bytes;
    try {
      bytes = a.bytes();
    } catch (IOException e) {
      throw failed(e, method, path);
    }
    if (a.ok()) {
      return new Body(a.status(), bytes);
    }
    throw failure(a.status(), bytes);
  }

  /**
   * Sends one request; the answer's head (and, unless {@code sse}, its body) must come within
   * {@code --timeout} of now.
   */
  private HttpsAnswer exchange(
      String method,
      String path,
      boolean auth,
      Map<String, String> extra,
      byte[] body,
      boolean sse) {
    long deadline = System.nanoTime() + agents.timeout().toNanos();
    Map<String, String> headers = new LinkedHashMap<>();
    if (!extra.containsKey("Accept")) {
      headers.put("Accept", "application/json");
    }
    headers.putAll(extra);
    if (auth) {
      headers.put("Authorization", "Bearer " + agents.token());
    }
    try {
      return HttpsExchange.send(
          agents.tls(),
          node.address(),
          method,
          path,
          headers,
          body,
          agents.connectTimeout(),
          deadline,
          sse);
    } catch (IOException e) {
      throw failed(e, method, path);
    }
  }

  /** Why no answer came, as the CLI has always said it (the tests hold these words). */
  private CliException failed(IOException e, String method, String path) {
    if (Thread.currentThread().isInterrupted()) {
      return new CliException("interrupted while waiting for " + where());
    }
    if (e instanceof ExchangeTimeout t && t.connecting()) {
      return unreachable("no connection within " + agents.connectTimeout().toSeconds() + "s");
    }
    if (e instanceof ExchangeTimeout) {
      return AgentException.error(
          "TIMEOUT",
          0,
          where()
              + " did not answer "
              + method
              + " "
              + path(path)
              + " within "
              + human(agents.timeout())
              + " (--timeout); it may still be working: see mcp status, or pass a longer"
              + " --timeout");
    }
    if (e instanceof SSLException) {
      return AgentException.error(
          "TLS",
          0,
          "TLS with "
              + where()
              + " failed ("
              + e.getMessage()
              + "); ca_cert in "
              + agents.config().file()
              + " must be the CA that signed the agent's certificate, and the certificate must"
              + " name "
              + host());
    }
    if (e instanceof ConnectException) {
      return unreachable(e.getMessage() == null ? "connection refused" : e.getMessage());
    }
    return unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
  }

  /** The path without its query, as {@code URI.getPath} gave it. */
  private static String path(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  private String host() {
    String a = node.address();
    return a.substring(0, a.lastIndexOf(':'));
  }

  private AgentException unreachable(String why) {
    return AgentException.error(
        "UNREACHABLE",
        0,
        "cannot reach "
            + where()
            + " ("
            + why
            + "); the agent may be down: check it with ssh "
            + node.name()
            + " \"doas systemctl status mcp-agent\" and its log with journalctl -u mcp-agent;"
            + " containers keep running meanwhile");
  }

  private AgentException failure(int status, byte[] body) {
    String code = "HTTP_" + status;
    String message = new String(body, StandardCharsets.UTF_8).strip();
    try {
      JsonNode n = ApiMapper.get().readTree(body);
      if (n != null && n.hasNonNull("code")) {
        code = n.get("code").asText();
        message = n.path("message").asText("");
      }
    } catch (IOException e) {
      // not JSON: keep the text
    }
    if (message.length() > 500) {
      message = message.substring(0, 500) + "…";
    }
    if (status == 401 || status == 403) {
      java.nio.file.Path tf = agents.config().tokenFile();
      // The agent's message says what it wanted (where it takes tokens from, which role): the
      // hint only says where the CLI reads the token, and does not repeat it.
      String fix =
          status == 401
              ? "; put a token this agent accepts in "
                  + tf
                  + " (token_file in "
                  + agents.config().file()
                  + ")"
              : "; put a token of role admin in "
                  + tf
                  + ": on the node, mcp-agent token new --role admin --name $USER makes one (an"
                  + " MCIAS token needs the role admin or mcp:admin)";
      return new AgentException(
          code,
          status,
          where() + " refused the token in " + tf + ": " + code + ": " + message + fix,
          ExitCodes.AUTH);
    }
    if ("FAILED_PRECONDITION".equals(code) && message.contains(" is suspended")) {
      // The agent answered, and the service is held still: not where a deploy would put it (3).
      return new AgentException(
          code, status, node.name() + ": " + code + ": " + message, ExitCodes.NOT_CONVERGED);
    }
    return AgentException.error(code, status, node.name() + ": " + code + ": " + message);
  }

  private <T> T read(String path, Body answer, Class<T> type) {
    byte[] body = answer.bytes();
    if (type == Void.class) {
      return null;
    }
    // Without Jackson when the small reader is sure of the answer (mcp ps and status start
    // faster); else Jackson, as before, with its result or its error.
    java.util.Optional<T> plain = RecordJson.read(body, type);
    if (plain.isPresent()) {
      return plain.get();
    }
    try {
      return ApiMapper.get().readValue(body, type);
    } catch (IOException e) {
      throw AgentException.error(
          "BAD_ANSWER",
          answer.status(),
          where()
              + " answered "
              + path(path)
              + " with something that is not a "
              + type.getSimpleName()
              + " ("
              + e.getMessage()
              + "); is it an mcp-agent of a matching version?");
    }
  }

  private static byte[] write(Object body) {
    try {
      return ApiMapper.get().writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String human(java.time.Duration d) {
    long s = d.toSeconds();
    if (s % 60 == 0 && s >= 60) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
