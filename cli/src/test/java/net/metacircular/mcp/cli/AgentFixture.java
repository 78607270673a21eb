package net.metacircular.mcp.cli;

import static net.metacircular.mcp.agent.testing.TestAgentSetup.sha256;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.api.ApiOptions;
import net.metacircular.mcp.agent.api.ApiServer;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.secrets.IdentityFile;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import net.metacircular.mcp.agent.testing.TestPodman;
import net.metacircular.mcp.cli.act.Converge;

/**
 * A workstation and a node, for real: a bare git remote (the git host), the operator's clone of it
 * at {@code ~/.config/mcp/services}, a real agent following the remote (file://) with its API on a
 * loopback port over HTTPS with a generated CA, a tokens file, and mcp.toml pointing at it all.
 *
 * <p>Services: {@code a} (one component, api, printing a line at start) and {@code b} (api and web,
 * web depending on api), both on the agent's node, named uniquely per test.
 */
final class AgentFixture implements AutoCloseable {
  static final String TOKEN = "cli-test-admin-token-0123456789";
  static final String READ_TOKEN = "cli-test-read-token-0123456789";

  final TestPodman t;
  final Path root;
  final Path home;
  final Path bare;
  final Path services;
  final Path servicesRoot;
  final Path tokenFile;
  final Path config;
  final String node;
  final String a;
  final String b;
  final Agent agent;
  final ApiServer server;
  final Cli cli;
  final net.metacircular.mcp.agent.api.TestCerts certs;

  AgentFixture(TestPodman t, Path root) throws Exception {
    this(t, root, false);
  }

  /**
   * @param withIdentity whether the agent has an age identity ({@code [secrets] identity})
   */
  AgentFixture(TestPodman t, Path root, boolean withIdentity) throws Exception {
    this(t, root, withIdentity, "0s");
  }

  /**
   * @param withIdentity whether the agent has an age identity ({@code [secrets] identity})
   * @param soak the agent's {@code [reconcile] soak} ({@code "0s"}: no soak)
   */
  AgentFixture(TestPodman t, Path root, boolean withIdentity, String soak) throws Exception {
    this.t = t;
    this.root = root;
    this.node = t.prefix();
    this.a = t.service("a");
    this.b = t.service("b");
    home = Files.createDirectories(root.resolve("home"));
    Path mcpDir = Files.createDirectories(home.resolve(".config/mcp"));

    bare = root.resolve("remote.git");
    ServicesRemote.git(root, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
    Path seed = root.resolve("seed");
    ServicesRemote.git(root, "clone", "--quiet", bare.toString(), seed.toString());
    Files.writeString(seed.resolve(a + ".toml"), serviceA());
    Files.writeString(seed.resolve(b + ".toml"), serviceB());
    ServicesRemote.git(seed, "add", ".");
    ServicesRemote.git(seed, "commit", "--quiet", "-m", "Add a and b");
    ServicesRemote.git(seed, "push", "--quiet", "origin", "HEAD:main");
    services = mcpDir.resolve("services");
    ServicesRemote.git(root, "clone", "--quiet", bare.toString(), services.toString());

    TestAgentSetup files =
        TestAgentSetup.forGit(
                root,
                node,
                bare.toUri().toString().replaceFirst("^file:/(?!/)", "file:///"),
                "main")
            .tokens(sha256(TOKEN) + " admin operator\n" + sha256(READ_TOKEN) + " read viewer\n")
            .healthTimeout("8s")
            .soak(soak)
            .podmanEnvironment(t.environment());
    if (withIdentity) {
      Path identity = root.resolve("age-identity.txt");
      IdentityFile.create(identity, java.time.Instant.now());
      files.secretsIdentity(identity);
    }
    servicesRoot = files.servicesRoot();
    certs = files.certs();
    Path ca = mcpDir.resolve("ca.pem");
    files.certs().writeCa(ca);
    agent = files.agent(Clock.systemUTC());
    server = agent.serve(ApiOptions.defaults(Clock.systemUTC()));
    agent.loop().sync().get(2, TimeUnit.MINUTES);

    tokenFile = mcpDir.resolve("token");
    Files.writeString(tokenFile, TOKEN + "\n");
    config = mcpDir.resolve("mcp.toml");
    Files.writeString(
        config,
        "ca_cert = \""
            + ca
            + "\"\nservices_root = \""
            + servicesRoot
            + "\"\n\n[[nodes]]\nname = \""
            + node
            + "\"\naddress = \""
            + address()
            + "\"\n");
    cli = new Cli(home).afterPush(new Converge(Duration.ofMillis(200)));
  }

  String address() {
    return "127.0.0.1:" + server.port();
  }

  String serviceA() {
    return "name = \""
        + a
        + "\"\nnode = \""
        + node
        + "\"\n\n[[components]]\nname = \"api\"\nimage = \""
        + TestPodman.IMAGE
        + "\"\ncmd = [\"/bin/sh\", \"-c\", \"echo hello-from-a; trap 'exit 0' TERM; while :; do"
        + " sleep 1 & wait; done\"]\nstop_timeout = \"2s\"\n";
  }

  String serviceB() {
    return "name = \""
        + b
        + "\"\nnode = \""
        + node
        + "\"\n\n[[components]]\nname = \"api\"\nimage = \""
        + TestPodman.IMAGE
        + "\"\nstop_timeout = \"2s\"\n\n[[components]]\nname = \"web\"\nimage = \""
        + TestPodman.IMAGE
        + "\"\ndepends_on = [\"api\"]\nstop_timeout = \"2s\"\n";
  }

  ObservedContainer container(String name) {
    return t.containers().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name + " in " + t.containers()));
  }

  String remoteHead() {
    return ServicesRemote.git(root, "--git-dir", bare.toString(), "rev-parse", "main").strip();
  }

  String remoteSubject() {
    return ServicesRemote.git(
            root, "--git-dir", bare.toString(), "log", "-1", "--format=%s", "main")
        .strip();
  }

  /** Another operator's clone, for "the remote moved". */
  Path otherClone() {
    Path dir = root.resolve("other-" + System.nanoTime());
    ServicesRemote.git(root, "clone", "--quiet", bare.toString(), dir.toString());
    return dir;
  }

  Map<String, String> podmanEnv() {
    return t.environment();
  }

  @Override
  public void close() throws IOException {
    agent.close();
  }
}
