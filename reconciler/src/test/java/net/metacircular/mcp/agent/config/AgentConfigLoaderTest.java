package net.metacircular.mcp.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentConfigLoaderTest {
  private static final Path FILE = Path.of("/srv/mcp/mcp-agent.toml");

  @Test
  void readsTheDesignExampleWithDefaults() {
    AgentConfig c =
        AgentConfigLoader.parse(
            FILE,
            """
            node = "rift"
            data_dir = "/srv/mcp"
            services_root = "/srv"

            [source]
            url = "ssh://git@git.example.net/ops/services.git"
            branch = "main"
            poll_interval = "60s"
            ssh_key = "/srv/mcp/deploy_key"

            [server]
            listen = "0.0.0.0:9443"

            [auth]
            tokens_file = "/srv/mcp/tokens"

            [reconcile]
            self_heal = false
            drift_interval = "30s"
            """);
    assertThat(c.node()).isEqualTo("rift");
    assertThat(c.database()).isEqualTo(Path.of("/srv/mcp/mcp.db"));
    assertThat(c.source().url()).contains("ssh://git@git.example.net/ops/services.git");
    assertThat(c.source().pollInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.source().path()).isEqualTo(".");
    assertThat(c.server().cert()).isEqualTo(Path.of("/srv/mcp/certs/cert.pem"));
    assertThat(c.reconcile().selfHeal()).isFalse();
    assertThat(c.reconcile().prune()).isTrue();
    assertThat(c.reconcile().driftInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.registry().keepEvents()).isEqualTo(Duration.ofDays(90));
  }

  @Test
  void keepEventsTakesDaysAndRefusesLessThanAnHour() {
    String base = "node = \"rift\"\n[source]\ndir = \"/tmp/s\"\n[registry]\n";
    assertThat(
            AgentConfigLoader.parse(FILE, base + "keep_events = \"30d\"\n").registry().keepEvents())
        .isEqualTo(Duration.ofDays(30));
    assertThatThrownBy(() -> AgentConfigLoader.parse(FILE, base + "keep_events = \"10m\"\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("registry.keep_events: must be at least 1h, got 600s");
  }

  @Test
  void crashLoopHasDefaultsTakesItsKeysAndRefusesALoopOfOne() {
    String base = "node = \"rift\"\n[source]\ndir = \"/tmp/s\"\n";
    assertThat(AgentConfigLoader.parse(FILE, base).crashLoop()).isEqualTo(CrashLoopConfig.DEFAULT);
    CrashLoopConfig c =
        AgentConfigLoader.parse(
                FILE,
                base
                    + "[crash_loop]\ndeaths = 3\nwindow = \"2m\"\nfirst_backoff = \"5s\"\n"
                    + "max_backoff = \"1m\"\nstable = \"30s\"\n")
            .crashLoop();
    assertThat(c)
        .isEqualTo(
            new CrashLoopConfig(
                3,
                Duration.ofMinutes(2),
                Duration.ofSeconds(5),
                Duration.ofMinutes(1),
                Duration.ofSeconds(30)));
    assertThatThrownBy(() -> AgentConfigLoader.parse(FILE, base + "[crash_loop]\ndeaths = 1\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("crash_loop.deaths: must be at least 2");
  }

  @Test
  void reportsEveryProblemWithLineAndKey() {
    assertThatThrownBy(
            () ->
                AgentConfigLoader.parse(
                    FILE,
                    """
                    node = "Rift"
                    colour = "blue"

                    [source]
                    dir = "/tmp/services"
                    poll_interval = "soon"

                    [reconcile]
                    prune = "yes"
                    """))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly(
                        "/srv/mcp/mcp-agent.toml:1:1: node: expected lower-case letters, digits"
                            + " and '-', got \"Rift\"",
                        "/srv/mcp/mcp-agent.toml:6:1: source.poll_interval: expected a duration"
                            + " such as \"500ms\", \"30s\", \"5m\" or \"1h\", got \"soon\"",
                        "/srv/mcp/mcp-agent.toml:9:1: reconcile.prune: expected true or false,"
                            + " got yes",
                        "/srv/mcp/mcp-agent.toml:2:1: colour: unknown key; known keys here are"
                            + " auth, crash_loop, data_dir, incidents, node, notify, reconcile, registry,"
                            + " secrets, server, services_root, source"));
  }

  /** Documented, read, and once refused as unknown: a key read is a key accepted. */
  @Test
  void allowHostNetworkIsAccepted() {
    AgentConfig c =
        AgentConfigLoader.parse(
            FILE,
            """
            node = "rift"
            [source]
            dir = "/tmp/services"
            [reconcile]
            allow_host_network = true
            """);
    assertThat(c.reconcile().allowHostNetwork()).isTrue();
  }

  @Test
  void anUnknownKeyInATableNamesTheFileLineTableAndTheKeysKnownThere() {
    assertThatThrownBy(
            () ->
                AgentConfigLoader.parse(
                    FILE,
                    """
                    node = "rift"
                    [source]
                    dir = "/tmp/services"
                    [server]
                    listen = "127.0.0.1:9443"
                    lisen = "0.0.0.0:9443"
                    """))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "/srv/mcp/mcp-agent.toml:6:1: server.lisen: unknown key; known keys here"
                            + " are cert, key, listen, public_metrics"));
  }

  @Test
  void missingSourceIsNamed() {
    assertThatThrownBy(() -> AgentConfigLoader.parse(FILE, "node = \"rift\"\n"))
        .hasMessageContaining("source.url: is required");
  }

  @Test
  void syntaxErrorsNameTheFileAndLine() {
    assertThatThrownBy(() -> AgentConfigLoader.parse(FILE, "node = \n"))
        .hasMessageStartingWith("/srv/mcp/mcp-agent.toml:1:");
  }

  @Test
  void missingFileSaysHowToPassOne() {
    assertThatThrownBy(() -> AgentConfigLoader.load(Path.of("/nonexistent/mcp-agent.toml")))
        .hasMessage(
            "/nonexistent/mcp-agent.toml: no such file; pass the agent's config with --config FILE");
  }
}
