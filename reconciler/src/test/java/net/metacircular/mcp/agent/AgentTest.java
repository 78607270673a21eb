package net.metacircular.mcp.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.config.AgentConfigLoader;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The agent as its config builds it, and its command line. */
class AgentTest {

  @Test
  @RequiresPodman
  void anAgentBuiltFromItsConfigConvergesItsFolderAndKeepsItsFilesPrivate(
      TestPodman t, @TempDir Path root) throws Exception {
    Path services = Files.createDirectories(root.resolve("services"));
    String svc = t.service("hello");
    Files.writeString(
        services.resolve(svc + ".toml"),
        "name = \""
            + svc
            + "\"\nnode = \""
            + t.prefix()
            + "\"\n\n[[components]]\nname = \"web\"\n"
            + "image = \""
            + t.image()
            + "\"\nstop_timeout = \"2s\"\n");
    Path config = root.resolve("mcp-agent.toml");
    Files.writeString(
        config,
        "node = \""
            + t.prefix()
            + "\"\ndata_dir = \""
            + root.resolve("data")
            + "\"\n"
            + "services_root = \""
            + root.resolve("srv")
            + "\"\n[source]\ndir = \""
            + services
            + "\"\npoll_interval = \"1h\"\n[reconcile]\ndrift_interval = \"1h\"\nsoak = \"0s\"\n");

    try (Agent agent =
        Agent.create(AgentConfigLoader.load(config), t.environment(), Clock.systemUTC())) {
      agent.loop().sync().get(60, TimeUnit.SECONDS);
      assertThat(t.containers())
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.name()).isEqualTo(svc + "-web");
                assertThat(c.running()).isTrue();
              });
      assertThat(Files.exists(root.resolve("data/mcp.db"))).isTrue();
      // The registry holds every spec, env values included: only the agent's user reads it.
      assertThat(mode(root.resolve("data"))).isEqualTo("rwx------");
      for (String f : new String[] {"mcp.db", "mcp.db-wal", "mcp.db-shm"}) {
        assertThat(mode(root.resolve("data").resolve(f))).as(f).isEqualTo("rw-------");
      }
      Snapshots.Taken snapshot =
          Snapshots.take(agent.registry(), agent.config().backups(), Clock.systemUTC(), 10);
      assertThat(mode(agent.config().backups())).isEqualTo("rwx------");
      assertThat(mode(snapshot.path())).isEqualTo("rw-------");
    } finally {
      t.removeAll();
    }
  }

  private static String mode(Path p) throws java.io.IOException {
    return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void helpListsTheSubcommandsAndExitCodes() {
    StringWriter out = new StringWriter();
    CommandLine cl = AgentCommand.commandLine();
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("snapshot", "--config", "Exit codes:");
  }

  @Test
  void aBadConfigIsOneClearMessageAndExitOne(@TempDir Path root) throws Exception {
    Path config = root.resolve("mcp-agent.toml");
    Files.writeString(
        config, "node = \"rift\"\n[source]\ndir = \"/x\"\npoll_interval = \"often\"\n");
    StringWriter err = new StringWriter();
    CommandLine cl = AgentCommand.commandLine();
    cl.setErr(new PrintWriter(err));
    assertThat(cl.execute("--config", config.toString())).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo(
            "mcp-agent: "
                + config
                + ":4:1: source.poll_interval: expected a duration such as"
                + " \"500ms\", \"30s\", \"5m\" or \"1h\", got \"often\""
                + System.lineSeparator());
  }

  @Test
  void aCorruptDatabaseIsRefusedAtStartWithTheRecoverySteps(@TempDir Path root) throws Exception {
    Path data = Files.createDirectories(root.resolve("data"));
    byte[] garbage = "this is not a database, it is a grocery list".repeat(100).getBytes();
    Files.write(data.resolve("mcp.db"), garbage);
    Path config = root.resolve("mcp-agent.toml");
    Files.writeString(
        config, "node = \"rift\"\ndata_dir = \"" + data + "\"\n[source]\ndir = \"" + root + "\"\n");
    StringWriter err = new StringWriter();
    CommandLine cl = AgentCommand.commandLine();
    cl.setErr(new PrintWriter(err));

    assertThat(cl.execute("--config", config.toString())).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("mcp-agent: refusing to open the registry " + data.resolve("mcp.db"))
        .contains("copy the newest snapshot from " + data.resolve("backups"))
        .contains("re-bootstraps a fresh registry");
    assertThat(Files.readAllBytes(data.resolve("mcp.db"))).isEqualTo(garbage);
  }
}
