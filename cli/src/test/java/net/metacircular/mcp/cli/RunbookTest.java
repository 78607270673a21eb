package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every {@code mcp} command of docs/runbook.md, in the order written, against a real agent,
 * git remote and podman, so that the runbook cannot rot. Only the service's name (metacrypt, a
 * two-component service here), placeholder commits and local file paths are substituted; the
 * commands that need ssh or doas are the operator's, not mcp's, and are not run.
 */
@RequiresPodman
class RunbookTest {
  private AgentFixture f;
  private Path files;

  @BeforeEach
  void setUp(TestPodman t, @TempDir Path root) throws Exception {
    f = new AgentFixture(t, root);
    files = Files.createDirectories(root.resolve("workdir"));
    Files.writeString(files.resolve("metacrypt.toml"), "# a config file for the service\n");
    Files.writeString(files.resolve("cert.pem"), "not really a certificate\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
    f.t.removeAll();
  }

  /** The {@code mcp …} lines of the runbook's bash blocks, without their comments. */
  static List<String> commands(String runbook) {
    List<String> out = new ArrayList<>();
    boolean inBash = false;
    for (String line : runbook.split("\n", -1)) {
      if (line.startsWith("```")) {
        inBash = line.equals("```bash");
        continue;
      }
      String command = line.replaceFirst("\\s+#.*$", "").strip();
      if (inBash && command.startsWith("mcp ")) {
        out.add(command);
      }
    }
    return out;
  }

  private String[] substitute(String command, String firstCommit) {
    String[] words = command.substring("mcp ".length()).split("\\s+");
    List<String> out = new ArrayList<>();
    for (String w : words) {
      if (w.equals("metacrypt") || w.startsWith("metacrypt/")) {
        out.add(f.b + w.substring("metacrypt".length())); // the service (or svc/component)
      } else if (w.equals("1a2b3c4")) {
        out.add(firstCommit);
      } else if (w.equals("metacrypt.toml") && command.startsWith("mcp validate")) {
        out.add(f.services.resolve(f.b + ".toml").toString()); // the service's own file
      } else if (w.equals("metacrypt.toml") && command.startsWith("mcp push")) {
        out.add(files.resolve("metacrypt.toml").toString()); // a local config file
      } else if (w.equals("cert.pem")) {
        out.add(files.resolve("cert.pem").toString());
      } else if (w.equals("./local-copy.toml")) {
        out.add(files.resolve("copy.toml").toString());
      } else {
        out.add(w);
      }
    }
    return out.toArray(String[]::new);
  }

  @Test
  void everyMcpCommandOfTheRunbookWorksAsWritten() throws Exception {
    String runbook = Files.readString(Path.of("..", "docs", "runbook.md"));
    List<String> commands = commands(runbook);
    assertThat(commands).hasSizeGreaterThan(25);
    String firstCommit = f.remoteHead().substring(0, 7);
    Cli cli = f.cli.env("EDITOR", "true");
    for (String command : commands) {
      String[] args = substitute(command, firstCommit);
      Cli.Run run = cli.run(args);
      assertThat(run.exit())
          .as("%s (run as mcp %s)%n%s", command, String.join(" ", args), run)
          .isZero();
    }
  }
}
