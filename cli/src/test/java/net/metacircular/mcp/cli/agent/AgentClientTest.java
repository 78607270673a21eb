package net.metacircular.mcp.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.metacircular.mcp.agent.api.TestCerts;
import net.metacircular.mcp.cli.config.CliConfig;
import net.metacircular.mcp.cli.config.Node;
import net.metacircular.mcp.schema.api.HealthResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's HTTPS client against a real TLS server: Content-Length and chunked answers, an event
 * stream that outlives the request timeout, the request's overall deadline, and the words of a
 * refused connection and of a certificate from another CA.
 */
class AgentClientTest {
  private static final String HEALTH = "{\"status\":\"ok\",\"version\":\"1.2.3\"}";

  @TempDir Path dir;
  private final TestCerts certs = new TestCerts();
  private Path ca;
  private Path token;

  @BeforeEach
  void files() throws Exception {
    ca = dir.resolve("ca.pem");
    certs.writeCa(ca);
    token = dir.resolve("token");
    Files.writeString(token, "secret-token\n");
  }

  private Agents agents(String address, Path caCert, Duration timeout) {
    CliConfig config =
        new CliConfig(
            dir.resolve("mcp.toml"),
            dir,
            token,
            Optional.of(caCert),
            Optional.empty(),
            List.of(new Node("n", address)));
    return new Agents(config, timeout);
  }

  private TlsTestServer server(TlsTestServer.Answer answer) throws Exception {
    return new TlsTestServer(certs.serverContext(Files.createTempDirectory(dir, "srv")), answer);
  }

  private static void write(OutputStream out, String s) throws Exception {
    out.write(s.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Test
  void readsAContentLengthAnswerAndSendsTheTokenAndTheBody() throws Exception {
    try (TlsTestServer s =
        server(
            (req, out) ->
                write(
                    out,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                        + HEALTH.length()
                        + "\r\n\r\n"
                        + HEALTH))) {
      AgentClient c = agents(s.address(), ca, Duration.ofSeconds(10)).client("n");

      assertThat(c.get("/healthz", HealthResponse.class).version()).isEqualTo("1.2.3");
      assertThat(c.post("/v1/x", java.util.Map.of("a", 1), HealthResponse.class).status())
          .isEqualTo("ok");

      assertThat(s.requests.get(0))
          .startsWith("GET /healthz HTTP/1.1\r\n")
          .contains("Host: " + s.address() + "\r\n")
          .contains("Authorization: Bearer secret-token\r\n")
          .contains("Accept: application/json\r\n");
      assertThat(s.requests.get(1))
          .startsWith("POST /v1/x HTTP/1.1\r\n")
          .contains("Content-Type: application/json\r\n")
          .contains("Content-Length: 7\r\n")
          .endsWith("\r\n\r\n{\"a\":1}");
    }
  }

  @Test
  void readsAChunkedAnswer() throws Exception {
    try (TlsTestServer s =
        server(
            (req, out) -> {
              write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
              write(out, "5;name=x\r\n" + HEALTH.substring(0, 5) + "\r\n");
              Thread.sleep(50);
              String rest = HEALTH.substring(5);
              write(out, Integer.toHexString(rest.length()) + "\r\n" + rest + "\r\n0\r\n\r\n");
            })) {
      AgentClient c = agents(s.address(), ca, Duration.ofSeconds(10)).client("n");

      assertThat(c.getPublic("/healthz", HealthResponse.class).version()).isEqualTo("1.2.3");
      assertThat(s.requests.get(0)).doesNotContain("Authorization");
    }
  }

  @Test
  void anErrorAnswerKeepsTheAgentsCodeAndMessage() throws Exception {
    String body = "{\"code\":\"NOT_FOUND\",\"message\":\"no service x\"}";
    try (TlsTestServer s =
        server(
            (req, out) ->
                write(
                    out,
                    "HTTP/1.1 404 Not Found\r\nContent-Length: "
                        + body.length()
                        + "\r\n\r\n"
                        + body))) {
      AgentClient c = agents(s.address(), ca, Duration.ofSeconds(10)).client("n");

      assertThatThrownBy(() -> c.get("/v1/services/x", HealthResponse.class))
          .isInstanceOf(AgentException.class)
          .hasMessage("n: NOT_FOUND: no service x");
    }
  }

  @Test
  void anEventStreamOutlivesTheRequestTimeout() throws Exception {
    try (TlsTestServer s =
        server(
            (req, out) -> {
              write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n");
              write(out, "Transfer-Encoding: chunked\r\n\r\n");
              String first = "id: 7\ndata: {\"id\":7}\n\n";
              write(out, Integer.toHexString(first.length()) + "\r\n" + first + "\r\n");
              Thread.sleep(1_500); // longer than the 1s timeout: a quiet stream is not a timeout
              String second = "id: 8\ndata: {\"id\":8}\n\n";
              write(out, Integer.toHexString(second.length()) + "\r\n" + second + "\r\n0\r\n\r\n");
            })) {
      AgentClient c = agents(s.address(), ca, Duration.ofSeconds(1)).client("n");

      List<String> lines;
      try (InputStream in = c.stream("/v1/events/stream", "6")) {
        lines =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList();
      }

      assertThat(lines)
          .containsExactly("id: 7", "data: {\"id\":7}", "", "id: 8", "data: {\"id\":8}", "");
      assertThat(s.requests.get(0))
          .contains("Accept: text/event-stream\r\n")
          .contains("Last-Event-ID: 6\r\n");
    }
  }

  @Test
  void aSilentAgentIsATimeoutAfterTheDeadline() throws Exception {
    try (TlsTestServer s = server((req, out) -> Thread.sleep(5_000))) {
      AgentClient c = agents(s.address(), ca, Duration.ofSeconds(1)).client("n");
      long start = System.nanoTime();

      assertThatThrownBy(() -> c.get("/v1/ps?all=1", HealthResponse.class))
          .isInstanceOfSatisfying(
              AgentException.class, e -> assertThat(e.code()).isEqualTo("TIMEOUT"))
          .hasMessageStartingWith(
              "node n at " + s.address() + " did not answer GET /v1/ps within 1s (--timeout)");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void aTrickleDoesNotStretchTheDeadline() throws Exception {
    try (TlsTestServer s =
        server(
            (req, out) -> {
              write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
              for (int i = 0; i < 100; i++) {
                Thread.sleep(100);
                write(out, " ");
              }
            })) {
      AgentClient c = agents(s.address(), ca, Duration.ofSeconds(1)).client("n");
      long start = System.nanoTime();

      assertThatThrownBy(() -> c.get("/v1/ps", HealthResponse.class))
          .hasMessageContaining("did not answer GET /v1/ps within 1s");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    }
  }

  @Test
  void aRefusedConnectionSaysSo() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    AgentClient c = agents("127.0.0.1:" + port, ca, Duration.ofSeconds(2)).client("n");

    assertThatThrownBy(() -> c.get("/v1/ps", HealthResponse.class))
        .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.unreachable()).isTrue())
        .hasMessageStartingWith(
            "cannot reach node n at 127.0.0.1:"
                + port
                + " (connection refused); the agent may be"
                + " down");
  }

  @Test
  void aHostWithoutAnAddressSaysSoNotRefused() {
    // .invalid never resolves (RFC 2606): a mistyped address in mcp.toml, not a down agent.
    AgentClient c = agents("nowhere.invalid:9443", ca, Duration.ofSeconds(2)).client("n");

    assertThatThrownBy(() -> c.get("/v1/ps", HealthResponse.class))
        .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.unreachable()).isTrue())
        .hasMessageStartingWith(
            "cannot reach node n at nowhere.invalid:9443 (no address for the host"
                + " nowhere.invalid; check the node's address in mcp.toml)");
  }

  @Test
  void aCertificateOfAnotherCaIsATlsFailure() throws Exception {
    Path other = dir.resolve("other-ca.pem");
    new TestCerts().writeCa(other);
    try (TlsTestServer s = server((req, out) -> write(out, "HTTP/1.1 200 OK\r\n\r\n"))) {
      AgentClient c = agents(s.address(), other, Duration.ofSeconds(5)).client("n");

      assertThatThrownBy(() -> c.get("/v1/ps", HealthResponse.class))
          .isInstanceOfSatisfying(AgentException.class, e -> assertThat(e.code()).isEqualTo("TLS"))
          .hasMessageStartingWith("TLS with node n at " + s.address() + " failed (")
          .hasMessageContaining("PKIX path")
          .hasMessageEndingWith(
              "must be the CA that signed the agent's certificate, and the certificate must name"
                  + " 127.0.0.1");
    }
  }

  @Test
  void aHostNameIsCheckedAgainstTheCertificatesNames() throws Exception {
    // The test certificate names localhost and 127.0.0.1 (not "localhost.", a name of its own).
    try (TlsTestServer s =
        server(
            (req, out) ->
                write(
                    out,
                    "HTTP/1.1 200 OK\r\nContent-Length: "
                        + HEALTH.length()
                        + "\r\n\r\n"
                        + HEALTH))) {
      String port = s.address().substring(s.address().lastIndexOf(':') + 1);

      assertThat(
              agents("localhost:" + port, ca, Duration.ofSeconds(5))
                  .client("n")
                  .get("/healthz", HealthResponse.class)
                  .status())
          .isEqualTo("ok");
      assertThat(s.requests.get(0)).contains("Host: localhost:" + port + "\r\n");
    }
  }
}
