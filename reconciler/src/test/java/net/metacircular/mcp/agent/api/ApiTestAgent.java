package net.metacircular.mcp.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.reconcile.AgentHarness;
import net.metacircular.mcp.agent.reconcile.CycleResult;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.testing.ApiClient;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.TestAgentSetup;

/**
 * A real agent (registry, podman or the in-memory runtime, loop) serving its API on a loopback
 * port, on a folder of service files, with a tokens file holding an admin and a read token ({@link
 * TestAgentSetup}). The loop's timers are not started: tests sync when they mean to.
 */
final class ApiTestAgent implements AutoCloseable {
  static final String ADMIN = TestAgentSetup.ADMIN;
  static final String READ = TestAgentSetup.READ;

  /** Every request of these tests is bounded, a minute at most. */
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  final Path root;
  final Path services;
  final Path dataDir;
  final Path servicesRoot;
  final Path cert;
  final Path key;
  final Path tokens;
  final String node;
  final TestCerts certs;
  final Agent agent;
  final ApiServer server;
  private final ApiClient api;

  /** Builder-ish knobs. */
  record Setup(
      String node,
      Map<String, String> environment,
      Optional<ContainerRuntime> runtime,
      String authToml,
      String reconcileToml,
      boolean publicMetrics,
      UnaryOperator<ApiOptions> options) {
    /** On real podman, with podman's extra {@code environment}. */
    static Setup of(String node, Map<String, String> environment) {
      return new Setup(node, environment, Optional.empty(), "", "", true, o -> o);
    }

    /** On a new in-memory runtime: for tests of the API that need no podman. */
    static Setup inMemory(String node) {
      return new Setup(node, Map.of(), Optional.of(new InMemoryRuntime()), "", "", true, o -> o);
    }

    Setup auth(String toml) {
      return new Setup(node, environment, runtime, toml, reconcileToml, publicMetrics, options);
    }

    /** More lines for the agent's {@code [reconcile]} table. */
    Setup reconcile(String toml) {
      return new Setup(node, environment, runtime, authToml, toml, publicMetrics, options);
    }

    Setup publicMetrics(boolean on) {
      return new Setup(node, environment, runtime, authToml, reconcileToml, on, options);
    }

    Setup options(UnaryOperator<ApiOptions> more) {
      return new Setup(node, environment, runtime, authToml, reconcileToml, publicMetrics, more);
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
    TestAgentSetup files =
        TestAgentSetup.forFolder(root, node, services)
            .tls(certs)
            .publicMetrics(setup.publicMetrics())
            .healthTimeout("8s")
            .podmanEnvironment(setup.environment());
    setup.runtime().ifPresent(files::runtime);
    if (!setup.authToml().isEmpty()) {
      files.auth(setup.authToml());
    }
    if (!setup.reconcileToml().isEmpty()) {
      files.reconcile(setup.reconcileToml());
    }
    dataDir = files.dataDir();
    servicesRoot = files.servicesRoot();
    cert = files.cert();
    key = files.key();
    tokens = files.tokensFile();
    agent = files.agent(Clock.systemUTC());
    ApiOptions options =
        setup
            .options()
            .apply(
                ApiOptions.defaults(Clock.systemUTC())
                    .withCertCheckInterval(Duration.ofMillis(100)));
    server = agent.serve(options);
    api = new ApiClient(certs, server.port(), Duration.ofSeconds(5));
  }

  HttpClient client() {
    return api.newClient();
  }

  URI uri(String pathAndQuery) {
    return api.uri(pathAndQuery);
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    return api.send(request.timeout(TIMEOUT));
  }

  static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
    return ApiClient.send(client, request.timeout(TIMEOUT));
  }

  HttpRequest.Builder request(String path, String token) {
    return api.request(path, token);
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
    return ApiClient.read(response, type);
  }

  JsonNode tree(HttpResponse<String> response) {
    return ApiClient.tree(response);
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

  /** {@link AgentHarness#component}: one place for a test component's TOML. */
  static String component(String name, String image, String... extra) {
    return AgentHarness.component(name, image, extra);
  }

  CycleResult sync() throws Exception {
    return agent.loop().sync().get(2, java.util.concurrent.TimeUnit.MINUTES);
  }

  @Override
  public void close() {
    agent.close();
  }
}
