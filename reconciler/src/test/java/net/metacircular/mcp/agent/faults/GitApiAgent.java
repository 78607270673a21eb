package net.metacircular.mcp.agent.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.api.ApiOptions;
import net.metacircular.mcp.agent.api.ApiServer;
import net.metacircular.mcp.agent.source.GitRemote;
import net.metacircular.mcp.agent.testing.ApiClient;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import net.metacircular.mcp.agent.testing.TestPodman;

/**
 * A real agent (registry, podman, reconcile loop) following a real git remote over file://, serving
 * its HTTPS API on a loopback port with real TLS and a tokens file holding an admin and a read
 * token ({@link TestAgentSetup}). Its node is the test's prefix. The loop's timers are not started:
 * syncs come from the API. On the in-memory runtime instead of podman when built with an {@link
 * InMemoryRuntime} (then {@link #t} is null).
 */
final class GitApiAgent implements AutoCloseable {
  static final String ADMIN = TestAgentSetup.ADMIN;
  static final String READ = TestAgentSetup.READ;

  /** The podman test fixture; null on the in-memory runtime. */
  final TestPodman t;

  /** The agent's node: the test's prefix. */
  final String node;

  final GitRemote remote;
  final Path root;
  final Agent agent;
  final ApiServer server;
  private final ApiClient api;

  /** {@code reconcile} is added to the {@code [reconcile]} table (e.g. {@code parallelism = 2}). */
  GitApiAgent(TestPodman t, Path root, String reconcile) throws IOException {
    this(t, t.prefix(), root, reconcile, null);
  }

  /** On the in-memory runtime (its clock for the agent: health waits advance it). */
  GitApiAgent(InMemoryRuntime runtime, Path root, String reconcile) throws IOException {
    this(null, runtime.prefix(), root, reconcile, runtime);
  }

  private GitApiAgent(
      TestPodman t, String node, Path root, String reconcile, InMemoryRuntime inMemory)
      throws IOException {
    this.t = t;
    this.node = node;
    this.root = root;
    this.remote = new GitRemote(root.resolve("git"));
    // The remote needs a commit before the agent's first fetch can succeed.
    remote.commit("empty start", "README", "services of " + node + "\n");
    TestAgentSetup files =
        TestAgentSetup.forGit(root, node, remote.fileUrl(), "main")
            .healthTimeout("20s")
            .reconcile(reconcile);
    agent =
        inMemory == null
            ? files.podmanEnvironment(t.environment()).agent(Clock.systemUTC())
            : files.agent(inMemory);
    // ?wait=true waits as long as the reconcile takes (a 500-service apply can outlast the
    // default ten minutes on a busy machine); each test bounds its requests with its own timeout.
    server =
        agent.serve(ApiOptions.defaults(Clock.systemUTC()).withWaitTimeout(Duration.ofMinutes(30)));
    api = new ApiClient(files.certs(), server.port(), Duration.ofSeconds(10));
  }

  /** A service file of this node: one component {@code api} on {@code image}. */
  String service(String name, String image, String extra) {
    return "name = \""
        + name
        + "\"\nnode = \""
        + node
        + "\"\n\n[[components]]\nname = \"api\"\nimage = \""
        + image
        + "\"\nstop_timeout = \"2s\"\n"
        + extra
        + "\n";
  }

  /** A new client, as a separate {@code mcp} process would have: its own connections. */
  HttpClient client() {
    return api.newClient();
  }

  HttpRequest.Builder request(String path, String token, Duration timeout) {
    return api.request(path, token).timeout(timeout);
  }

  HttpResponse<String> get(String path, Duration timeout) {
    return api.send(request(path, READ, timeout).GET());
  }

  HttpResponse<String> post(String path, String body, Duration timeout) {
    return api.send(
        request(path, ADMIN, timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  <T> T read(HttpResponse<String> response, Class<T> type) {
    return ApiClient.read(response, type);
  }

  JsonNode tree(HttpResponse<String> response) {
    return ApiClient.tree(response);
  }

  /** {@code PRAGMA integrity_check} of the registry's file, through a connection of its own. */
  String integrityCheck() throws SQLException {
    Path db = root.resolve("data/mcp.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      return rs.next() ? rs.getString(1) : "(no answer)";
    }
  }

  @Override
  public void close() {
    agent.close();
  }
}
