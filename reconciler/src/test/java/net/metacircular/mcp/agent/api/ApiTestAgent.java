package net.metacircular.mcp.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.config.AgentConfig;
import net.metacircular.mcp.agent.config.AgentConfigLoader;
import net.metacircular.mcp.agent.reconcile.CycleResult;

/**
 * A real agent (registry, podman, loop) serving its API on a loopback port, on a folder of service
 * files, with a tokens file holding an admin and a read token. The loop's timers are not started:
 * tests sync when they mean to.
 */
final class ApiTestAgent implements AutoCloseable {
  static final String ADMIN = "admin-token-0123456789";
  static final String READ = "read-token-0123456789";

  final Path root;
  final Path services;
  final Path dataDir;
  final Path servicesRoot;
  final Path cert;
  final Path key;
  final Path tokens;
  final String node;
  final TestCerts certs;
  final ObjectMapper json = ApiJson.mapper();
  final Agent agent;
  final ApiServer server;
  private final HttpClient http;

  /** Builder-ish knobs. */
  record Setup(
      String node,
      Map<String, String> environment,
      String authToml,
      boolean publicMetrics,
      UnaryOperator<ApiOptions> options) {
    static Setup of(String node, Map<String, String> environment) {
      return new Setup(node, environment, "", true, o -> o);
    }

    Setup auth(String toml) {
      return new Setup(node, environment, toml, publicMetrics, options);
    }

    Setup publicMetrics(boolean on) {
      return new Setup(node, environment, authToml, on, options);
    }

    Setup options(UnaryOperator<ApiOptions> more) {
      return new Setup(node, environment, authToml, publicMetrics, more);
    }
  }

  ApiTestAgent(Path root, Setup setup) throws IOException {
    this(root, setup, new TestCerts());
  }

  ApiTestAgent(Path root, Setup setup, TestCerts certs) throws IOException {
    this.root = root;
    this.node = setup.node();
    this.certs = certs;
    services = Files.createDirectories(root.resolve("services"));
    dataDir = Files.createDirectories(root.resolve("data"));
    servicesRoot = Files.createDirectories(root.resolve("srv"));
    cert = root.resolve("cert.pem");
    key = root.resolve("key.pem");
    if (!Files.exists(cert)) {
      certs.writeServer(cert, key);
    }
    tokens = root.resolve("tokens");
    Files.writeString(
        tokens,
        "# test tokens\n"
            + TokenHash.hex(ADMIN)
            + " admin alice\n"
            + TokenHash.hex(READ)
            + " read bob # a reader\n");
    String auth =
        setup.authToml().isEmpty() ? "tokens_file = \"" + tokens + "\"\n" : setup.authToml();
    String toml =
        "node = \""
            + node
            + "\"\ndata_dir = \""
            + dataDir
            + "\"\nservices_root = \""
            + servicesRoot
            + "\"\n[source]\ndir = \""
            + services
            + "\"\npoll_interval = \"1h\"\n[server]\nlisten = \"127.0.0.1:0\"\ncert = \""
            + cert
            + "\"\nkey = \""
            + key
            + "\"\npublic_metrics = "
            + setup.publicMetrics()
            + "\n[auth]\n"
            + auth
            + "[reconcile]\ndrift_interval = \"1h\"\nhealth_timeout = \"8s\"\n";
    AgentConfig config = AgentConfigLoader.parse(root.resolve("mcp-agent.toml"), toml);
    agent = Agent.create(config, setup.environment(), Clock.systemUTC());
    ApiOptions options =
        setup
            .options()
            .apply(
                ApiOptions.defaults(Clock.systemUTC())
                    .withCertCheckInterval(Duration.ofMillis(100)));
    server = agent.serve(options);
    http = client();
  }

  HttpClient client() {
    return HttpClient.newBuilder()
        .sslContext(certs.clientContext())
        .connectTimeout(Duration.ofSeconds(5))
        .build();
  }

  URI uri(String pathAndQuery) {
    return URI.create("https://127.0.0.1:" + server.port() + pathAndQuery);
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    return send(http, request);
  }

  static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
    try {
      return client.send(
          request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  HttpResponse<String> get(String path) {
    return get(path, ADMIN);
  }

  HttpResponse<String> get(String path, String token) {
    return send(request(path, token).GET());
  }

  HttpResponse<String> post(String path, String body) {
    return post(path, body, ADMIN);
  }

  HttpResponse<String> post(String path, String body, String token) {
    return send(
        request(path, token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  HttpResponse<String> put(String path, byte[] body) {
    return send(request(path, ADMIN).PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  <T> T read(HttpResponse<String> response, Class<T> type) {
    try {
      return json.readValue(response.body(), type);
    } catch (IOException e) {
      throw new AssertionError("not a " + type.getSimpleName() + ": " + response.body(), e);
    }
  }

  JsonNode tree(HttpResponse<String> response) {
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** Asserts the status and the error body's code. */
  void assertError(HttpResponse<String> r, int status, String code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("application/json");
    JsonNode n = tree(r);
    assertThat(n.path("code").asText()).as(r.body()).isEqualTo(code);
    assertThat(n.path("message").asText()).isNotBlank();
  }

  void write(String service, String toml) throws IOException {
    Files.writeString(services.resolve(service + ".toml"), toml);
  }

  String service(String name, String body) {
    return "name = \"" + name + "\"\nnode = \"" + node + "\"\n" + body;
  }

  static String component(String name, String image, String... extra) {
    List<String> lines = new ArrayList<>(List.of(extra));
    return "\n[[components]]\nname = \""
        + name
        + "\"\nimage = \""
        + image
        + "\"\nstop_timeout = \"2s\"\n"
        + String.join("\n", lines)
        + "\n";
  }

  CycleResult sync() throws Exception {
    return agent.loop().sync().get(2, java.util.concurrent.TimeUnit.MINUTES);
  }

  @Override
  public void close() {
    agent.close();
  }
}
