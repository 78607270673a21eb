package net.metacircular.mcp.agent.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.api.ApiJson;
import net.metacircular.mcp.agent.api.ApiOptions;
import net.metacircular.mcp.agent.api.ApiServer;
import net.metacircular.mcp.agent.api.TestCerts;
import net.metacircular.mcp.agent.config.AgentConfigLoader;
import net.metacircular.mcp.agent.source.GitRemote;
import net.metacircular.mcp.agent.testing.Executables;
import net.metacircular.mcp.agent.testing.TestPodman;

/**
 * A real agent (registry, podman, reconcile loop) following a real git remote over file://, serving
 * its HTTPS API on a loopback port with real TLS and a tokens file holding an admin and a read
 * token. Its node is the test's prefix. The loop's timers are not started: syncs come from the API.
 */
final class GitApiAgent implements AutoCloseable {
  static final String ADMIN = "admin-token-0123456789";
  static final String READ = "read-token-0123456789";

  final TestPodman t;
  final GitRemote remote;
  final Path root;
  final Agent agent;
  final ApiServer server;
  final ObjectMapper json = ApiJson.mapper();
  private final TestCerts certs = new TestCerts();
  private final HttpClient http;

  /** {@code reconcile} is added to the {@code [reconcile]} table (e.g. {@code parallelism = 2}). */
  GitApiAgent(TestPodman t, Path root, String reconcile) throws IOException {
    this.t = t;
    this.root = root;
    this.remote = new GitRemote(root.resolve("git"));
    Path cert = root.resolve("cert.pem");
    Path key = root.resolve("key.pem");
    certs.writeServer(cert, key);
    Path tokens =
        Files.writeString(
            root.resolve("tokens"),
            sha256(ADMIN) + " admin alice\n" + sha256(READ) + " read bob\n");
    // The remote needs a commit before the agent's first fetch can succeed.
    remote.commit("empty start", "README", "services of " + t.prefix() + "\n");
    Path config =
        Files.writeString(
            root.resolve("mcp-agent.toml"),
            "node = \""
                + t.prefix()
                + "\"\ndata_dir = \""
                + root.resolve("data")
                + "\"\nservices_root = \""
                + Files.createDirectories(root.resolve("srv"))
                + "\"\n[source]\nurl = \""
                + remote.fileUrl()
                + "\"\npoll_interval = \"1h\"\n[server]\nlisten = \"127.0.0.1:0\"\ncert = \""
                + cert
                + "\"\nkey = \""
                + key
                + "\"\n[auth]\ntokens_file = \""
                + tokens
                + "\"\n[reconcile]\ndrift_interval = \"1h\"\nhealth_timeout = \"20s\"\n"
                + reconcile
                + "\n");
    agent = Agent.create(AgentConfigLoader.load(config), t.environment(), Clock.systemUTC());
    // ?wait=true waits as long as the reconcile takes (a 500-service apply can outlast the
    // default ten minutes on a busy machine); each test bounds its requests with its own timeout.
    ApiOptions o = ApiOptions.defaults(Clock.systemUTC());
    server =
        agent.serve(
            new ApiOptions(
                o.clock(),
                o.certCheckInterval(),
                o.webhook(),
                o.snapshotsKept(),
                o.mciasCacheTtl(),
                o.mciasTimeout(),
                o.mciasClient(),
                Duration.ofMinutes(30)));
    http = client();
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A service file of this node: one component {@code api} on {@code image}. */
  String service(String name, String image, String extra) {
    return "name = \""
        + name
        + "\"\nnode = \""
        + t.prefix()
        + "\"\n\n[[components]]\nname = \"api\"\nimage = \""
        + image
        + "\"\nstop_timeout = \"2s\"\n"
        + extra
        + "\n";
  }

  /** A new client, as a separate {@code mcp} process would have: its own connections. */
  HttpClient client() {
    return HttpClient.newBuilder()
        .sslContext(certs.clientContext())
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  HttpRequest.Builder request(String path, String token, Duration timeout) {
    return HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + token)
        .timeout(timeout);
  }

  HttpResponse<String> get(String path, Duration timeout) {
    return send(http, request(path, READ, timeout).GET());
  }

  HttpResponse<String> post(String path, String body, Duration timeout) {
    return send(
        http,
        request(path, ADMIN, timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) {
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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

  /** {@code PRAGMA integrity_check} of the registry's file, through a connection of its own. */
  String integrityCheck() throws SQLException {
    Path db = root.resolve("data/mcp.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
      return rs.next() ? rs.getString(1) : "(no answer)";
    }
  }

  /**
   * {@code podman run -d} outside the agent, with the given labels: a container it must not own.
   */
  static void runOutside(TestPodman t, String name, Map<String, String> labels)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    argv.add(Executables.system().require("podman").toString());
    argv.addAll(List.of("run", "-d", "--name", name));
    labels.forEach((k, v) -> argv.addAll(List.of("--label", k + "=" + v)));
    argv.add(t.image());
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().putAll(t.environment());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("podman run " + name + " failed: " + out);
    }
  }

  @Override
  public void close() {
    agent.close();
  }
}
