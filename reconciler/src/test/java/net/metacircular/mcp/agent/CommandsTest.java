package net.metacircular.mcp.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.registry.Registry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mcp-agent token new} and {@code mcp-agent snapshot}. */
class CommandsTest {
  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = AgentCommand.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void tokenNewPrintsAFreshTokenAndItsTokensFileLine() {
    Run first = run("token", "new", "--role", "admin", "--name", "vade");
    assertThat(first.exit()).as(first.err()).isZero();
    List<String> lines = first.out().lines().toList();
    String token = lines.get(1);
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(lines.get(4)).isEqualTo(TokenCommand.New.sha256Hex(token) + " admin vade");

    Run second = run("token", "new", "--role", "read", "--name", "grafana");
    assertThat(second.out().lines().toList().get(1)).isNotEqualTo(token);
    assertThat(second.out()).contains(" read grafana");

    Run bad = run("token", "new", "--role", "root", "--name", "x");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("--role must be admin or read");
    assertThat(run("token", "new", "--role", "read", "--name", "two words").exit()).isEqualTo(2);
    assertThat(run("token", "new", "--role", "read").exit()).isEqualTo(2);
  }

  @Test
  void snapshotWritesIntoBackupsAndKeepsTheNewestTen(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    Path config = dir.resolve("mcp-agent.toml");
    Files.writeString(
        config, "node = \"n1\"\ndata_dir = \"" + data + "\"\n[source]\ndir = \"" + dir + "\"\n");
    try (Registry r = Registry.open(data.resolve("mcp.db"), java.time.Clock.systemUTC())) {
      r.appendEvent(NewEvent.ofSource(EventKind.SYNCED, "before the snapshot"));
      for (int i = 0; i < 12; i++) {
        Run s = run("snapshot", "--config", config.toString());
        assertThat(s.exit()).as(s.err()).isZero();
        assertThat(Path.of(s.out().strip())).exists().startsWith(data.resolve("backups"));
      }
    }
    try (var files = Files.list(data.resolve("backups"))) {
      assertThat(files.toList()).hasSize(10);
    }
  }
}
