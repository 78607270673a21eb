package net.metacircular.mcp.agent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.api.TestCerts;
import net.metacircular.mcp.agent.config.AgentConfig;
import net.metacircular.mcp.agent.config.AgentConfigLoader;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;

/**
 * The files a test agent starts from, under one root: a TLS certificate and key signed by a {@link
 * TestCerts} CA, a tokens file of SHA-256 hashes (an admin and a read token unless set), and {@code
 * mcp-agent.toml} (node, {@code data/}, {@code srv/}, a folder or git source, HTTPS on a free
 * loopback port and the tokens file unless {@link #withoutApi}). Polling and drift checks are an
 * hour apart, so tests sync when they mean to. One place for what the agent tests and the CLI's
 * end-to-end tests used to write by hand each, so a change to the agent's configuration is made
 * once; {@link #agent} builds the agent on real podman or on a given runtime (the in-memory one for
 * tests that need no podman).
 */
public final class TestAgentSetup {
  public static final String ADMIN = "admin-token-0123456789";
  public static final String READ = "read-token-0123456789";

  private final Path root;
  private final String node;
  private final String source;
  private TestCerts certs;
  private String tokens =
      "# test tokens\n"
          + sha256(ADMIN)
          + " admin alice\n"
          + sha256(READ)
          + " read bob # a reader\n";
  private String auth;
  private boolean api = true;
  private String sourceExtra = "";
  private boolean publicMetrics = true;
  private String pollInterval = "1h";
  private String healthTimeout = "8s";
  private String reconcile = "";
  private String soak = "0s";
  private String notify = "";
  private Path identity;
  private Map<String, String> podmanEnvironment = Map.of();
  private ContainerRuntime runtime;

  private TestAgentSetup(Path root, String node, String source) {
    this.root = root;
    this.node = node;
    this.source = source;
  }

  /** An agent reading service files from the folder {@code services}. */
  public static TestAgentSetup forFolder(Path root, String node, Path services) {
    return new TestAgentSetup(root, node, "dir = \"" + services + "\"\n");
  }

  /** An agent following {@code branch} of the git remote at {@code url}. */
  public static TestAgentSetup forGit(Path root, String node, String url, String branch) {
    return new TestAgentSetup(root, node, "url = \"" + url + "\"\nbranch = \"" + branch + "\"\n");
  }

  /**
   * No API: the file has no {@code [server]} or {@code [auth]} table and no certificate, key or
   * tokens file is written (an agent driven through {@link Agent#loop()} alone).
   */
  public TestAgentSetup withoutApi() {
    this.api = false;
    return this;
  }

  /** More lines for the {@code [source]} table, e.g. {@code webhook_secret_file = "…"}. */
  public TestAgentSetup source(String toml) {
    this.sourceExtra = toml;
    return this;
  }

  /** The CA that signs the server certificate (default: a new one). */
  public TestAgentSetup tls(TestCerts ca) {
    this.certs = ca;
    return this;
  }

  /** The tokens file's text instead of {@link #ADMIN} (alice) and {@link #READ} (bob). */
  public TestAgentSetup tokens(String text) {
    this.tokens = text;
    return this;
  }

  /** The {@code [auth]} table's body instead of {@code tokens_file} (the file is still written). */
  public TestAgentSetup auth(String toml) {
    this.auth = toml;
    return this;
  }

  public TestAgentSetup publicMetrics(boolean on) {
    this.publicMetrics = on;
    return this;
  }

  public TestAgentSetup pollInterval(String duration) {
    this.pollInterval = duration;
    return this;
  }

  /** {@code [reconcile] health_timeout}; {@code null} leaves it out (the agent's default). */
  public TestAgentSetup healthTimeout(String duration) {
    this.healthTimeout = duration;
    return this;
  }

  /**
   * {@code [reconcile] soak}: {@code "0s"} unless set (tests not about soaking must not wait 30 s
   * per change); {@code null} leaves it out (the agent's default).
   */
  public TestAgentSetup soak(String duration) {
    this.soak = duration;
    return this;
  }

  /** More lines for the {@code [reconcile]} table, e.g. {@code parallelism = 2}. */
  public TestAgentSetup reconcile(String toml) {
    this.reconcile = toml;
    return this;
  }

  /** {@code [secrets] identity}: the node's age identity file. */
  /** {@code [[notify]]} tables, appended to the file as they are. */
  public TestAgentSetup notify(String toml) {
    this.notify = toml;
    return this;
  }

  public TestAgentSetup secretsIdentity(Path file) {
    this.identity = file;
    return this;
  }

  /** podman's extra environment ({@code CONTAINERS_CONF}) for an agent on real podman. */
  public TestAgentSetup podmanEnvironment(Map<String, String> environment) {
    this.podmanEnvironment = Map.copyOf(environment);
    this.runtime = null;
    return this;
  }

  /** The agent runs on this runtime (e.g. an {@link InMemoryRuntime}) instead of podman. */
  public TestAgentSetup runtime(ContainerRuntime containerRuntime) {
    this.runtime = containerRuntime;
    return this;
  }

  /**
   * {@link #write}, then the agent built from these files on the chosen runtime: real podman unless
   * {@link #runtime} was given. Its loop's timers are not started. On a {@link TestClock} (the
   * in-memory runtime's) health waits move the clock on instead of sleeping.
   */
  public Agent agent(Clock clock) throws IOException {
    AgentConfig config = config();
    if (runtime == null) {
      return Agent.create(config, podmanEnvironment, clock);
    }
    return clock instanceof TestClock test
        ? Agent.create(config, runtime, clock, test::advance)
        : Agent.create(config, runtime, clock);
  }

  /** The agent on the in-memory runtime, on that runtime's clock. */
  public Agent agent(InMemoryRuntime inMemory) throws IOException {
    return runtime(inMemory).agent(inMemory.clock());
  }

  public TestCerts certs() {
    if (certs == null) {
      certs = new TestCerts();
    }
    return certs;
  }

  public Path dataDir() {
    return root.resolve("data");
  }

  public Path servicesRoot() {
    return root.resolve("srv");
  }

  public Path cert() {
    return root.resolve("cert.pem");
  }

  public Path key() {
    return root.resolve("key.pem");
  }

  public Path tokensFile() {
    return root.resolve("tokens");
  }

  /** The text of {@code mcp-agent.toml}. */
  public String toml() {
    return "node = \""
        + node
        + "\"\ndata_dir = \""
        + dataDir()
        + "\"\nservices_root = \""
        + servicesRoot()
        + "\"\n[source]\n"
        + source
        + "poll_interval = \""
        + pollInterval
        + "\"\n"
        + sourceExtra
        + (api ? apiToml() : "")
        + "[reconcile]\ndrift_interval = \"1h\"\n"
        + (soak == null ? "" : "soak = \"" + soak + "\"\n")
        + (healthTimeout == null ? "" : "health_timeout = \"" + healthTimeout + "\"\n")
        + reconcile
        + "\n"
        + (identity == null ? "" : "[secrets]\nidentity = \"" + identity + "\"\n")
        + notify;
  }

  private String apiToml() {
    return "[server]\nlisten = \"127.0.0.1:0\"\ncert = \""
        + cert()
        + "\"\nkey = \""
        + key()
        + "\"\npublic_metrics = "
        + publicMetrics
        + "\n[auth]\n"
        + (auth == null ? "tokens_file = \"" + tokensFile() + "\"\n" : auth);
  }

  /**
   * Writes the certificate and key (unless a certificate is there already: an agent restarted on
   * the same root keeps its own), the tokens file and {@code mcp-agent.toml}, and makes the data
   * and services-root folders.
   *
   * @return {@code mcp-agent.toml}
   */
  public Path write() throws IOException {
    Files.createDirectories(dataDir());
    Files.createDirectories(servicesRoot());
    if (api) {
      if (!Files.exists(cert())) {
        certs().writeServer(cert(), key());
      }
      Files.writeString(tokensFile(), tokens);
    }
    return Files.writeString(root.resolve("mcp-agent.toml"), toml());
  }

  /** {@link #write}, then the configuration as the agent loads it. */
  public AgentConfig config() throws IOException {
    return AgentConfigLoader.load(write());
  }

  /** The hex SHA-256 of a token, as a tokens file holds it. */
  public static String sha256(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
