package net.metacircular.mcp.cli.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
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
    return read(send(request(path, true).GET()), type);
  }

  /** A GET without the token (for {@code /healthz}). */
  public <T> T getPublic(String path, Class<T> type) {
    return read(send(request(path, false).GET()), type);
  }

  /** A POST with a JSON body (or none when {@code body} is null). */
  public <T> T post(String path, Object body, Class<T> type) {
    byte[] bytes = body == null ? new byte[0] : write(body);
    HttpRequest.Builder b =
        request(path, true)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    return read(send(b), type);
  }

  public <T> T put(String path, byte[] content, Class<T> type) {
    HttpRequest.Builder b =
        request(path, true)
            .header("Content-Type", "application/octet-stream")
            .PUT(HttpRequest.BodyPublishers.ofByteArray(content));
    return read(send(b), type);
  }

  public byte[] getBytes(String path) {
    return send(request(path, true).GET()).body();
  }

  /**
   * Opens {@code GET path} as a stream of server-sent events, resuming after {@code lastEventId}
   * when it is not null. The request timeout bounds the wait for the answer's head only.
   */
  public InputStream stream(String path, String lastEventId) {
    HttpRequest.Builder b = request(path, true).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    HttpResponse<InputStream> r = send(b, HttpResponse.BodyHandlers.ofInputStream());
    if (r.statusCode() >= 200 && r.statusCode() < 300) {
      return r.body();
    }
    byte[] body;
    try (InputStream in = r.body()) {
      body = in.readNBytes(64 * 1024);
    } catch (IOException e) {
      body = new byte[0];
    }
    throw failure(r.statusCode(), body);
  }

  private HttpRequest.Builder request(String path, boolean auth) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("https://" + node.address() + path))
            .timeout(agents.timeout())
            .header("Accept", "application/json");
    if (auth) {
      b.header("Authorization", "Bearer " + agents.token());
    }
    return b;
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder b) {
    HttpResponse<byte[]> r = send(b, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() >= 200 && r.statusCode() < 300) {
      return r;
    }
    throw failure(r.statusCode(), r.body());
  }

  private <B> HttpResponse<B> send(HttpRequest.Builder b, HttpResponse.BodyHandler<B> handler) {
    HttpRequest request = b.build();
    try {
      return agents.http().send(request, handler);
    } catch (HttpConnectTimeoutException e) {
      throw unreachable("no connection within " + agents.connectTimeout().toSeconds() + "s");
    } catch (HttpTimeoutException e) {
      throw AgentException.error(
          "TIMEOUT",
          0,
          where()
              + " did not answer "
              + request.method()
              + " "
              + request.uri().getPath()
              + " within "
              + human(agents.timeout())
              + " (--timeout); it may still be working: see mcp status, or pass a longer"
              + " --timeout");
    } catch (SSLException e) {
      throw AgentException.error(
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
    } catch (ConnectException e) {
      throw unreachable(e.getMessage() == null ? "connection refused" : e.getMessage());
    } catch (IOException e) {
      if (e.getCause() instanceof SSLException s) {
        throw AgentException.error(
            "TLS",
            0,
            "TLS with "
                + where()
                + " failed ("
                + s.getMessage()
                + "); ca_cert in "
                + agents.config().file()
                + " must be the CA that signed the agent's certificate");
      }
      throw unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while waiting for " + where());
    }
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

  private <T> T read(HttpResponse<byte[]> r, Class<T> type) {
    if (type == Void.class) {
      return null;
    }
    // Without Jackson when the small reader is sure of the answer (mcp ps and status start
    // faster); else Jackson, as before, with its result or its error.
    java.util.Optional<T> plain = RecordJson.read(r.body(), type);
    if (plain.isPresent()) {
      return plain.get();
    }
    try {
      return ApiMapper.get().readValue(r.body(), type);
    } catch (IOException e) {
      throw AgentException.error(
          "BAD_ANSWER",
          r.statusCode(),
          where()
              + " answered "
              + r.request().uri().getPath()
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
