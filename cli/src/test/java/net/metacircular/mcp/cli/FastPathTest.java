package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcp ps} and {@code mcp status} through {@link FastPath} (no picocli model) print the same
 * and exit the same as through picocli, for the same arguments; anything the fast path does not
 * take is left to picocli.
 */
class FastPathTest {
  @Test
  void leavesHelpUsageErrorsAndEveryOtherCommandToPicocli() {
    List<String[]> others =
        List.of(
            new String[] {},
            new String[] {"list"},
            new String[] {"--help"},
            new String[] {"ps", "-h"},
            new String[] {"ps", "--help"},
            new String[] {"status", "-V"},
            new String[] {"ps", "--bogus"},
            new String[] {"ps", "svc"},
            new String[] {"ps", "--check"},
            new String[] {"status", "a", "b"},
            new String[] {"status", "--timeout", "soon"},
            new String[] {"status", "--timeout"},
            new String[] {"status", "--json", "--json"},
            new String[] {"status", "-v", "--verbose"},
            new String[] {"ps", "--config", "--json"},
            new String[] {"ps", "--config="},
            new String[] {"ps", "@args.txt"},
            new String[] {"status", "--json=true"},
            new String[] {"status", "--"},
            new String[] {"status", "-vj"});
    for (String[] args : others) {
      assertThat(FastPath.parse(args)).as(String.join(" ", args)).isEmpty();
    }
  }

  @Test
  void sameOutputAndExitWithoutAnAgent(@TempDir Path root) throws Exception {
    Cli cli = new Cli(root);
    Path config = root.resolve("mcp.toml");
    Path token = Files.writeString(root.resolve("token"), "t\n");
    // A node where nothing listens: each command fails to reach it (exit 1).
    Files.writeString(
        config,
        "services_dir = \""
            + root
            + "\"\ntoken_file = \""
            + token
            + "\"\n\n[[nodes]]\nname = \"n1\"\naddress = \"127.0.0.1:1\"\n");
    String c = config.toString();
    List<String[]> cases =
        List.of(
            new String[] {"ps", "--config", c},
            new String[] {"ps", "--config=" + c, "--json"},
            new String[] {"status", "--config", c, "--check"},
            new String[] {"status", "--config", c, "--timeout=5s", "-v"},
            new String[] {"status", "--config", c, "Not/AName"},
            new String[] {"status", "--config", root.resolve("missing.toml").toString()},
            new String[] {"ps", "--config", token.toString()});
    for (String[] args : cases) {
      Cli.Run picocli = cli.run(args);
      Cli.Run fast = cli.runFast(args);
      assertThat(fast).as(String.join(" ", args)).isNotNull();
      assertThat(fast).as(String.join(" ", args)).isEqualTo(picocli);
      assertThat(picocli.exit()).as(picocli.toString()).isNotZero();
    }
  }

  @Test
  @RequiresPodman
  void sameOutputAndExitAgainstARealAgent(TestPodman t, @TempDir Path root) throws Exception {
    try (AgentFixture f = new AgentFixture(t, root)) {
      Cli cli = f.cli;
      List<String[]> cases =
          List.of(
              new String[] {"ps"},
              new String[] {"ps", "--json"},
              new String[] {"status"},
              new String[] {"status", "--json", "--timeout", "60s"},
              new String[] {"status", "--check"},
              new String[] {"status", f.a},
              new String[] {"status", "--check", f.b, "-v"},
              new String[] {"status", "no-such-service"});
      for (String[] args : cases) {
        Cli.Run picocli = cli.run(args);
        Cli.Run fast = cli.runFast(args);
        assertThat(fast).as(String.join(" ", args)).isNotNull();
        // Uptimes and ages move on between the two runs: compared with their numbers masked.
        assertThat(masked(fast)).as(String.join(" ", args)).isEqualTo(masked(picocli));
      }
      assertThat(cli.run("status", "no-such-service").exit()).isEqualTo(ExitCodes.ERROR);
      assertThat(cli.runFast("status", "--check").exit()).isZero();
    } finally {
      t.removeAll();
    }
  }

  /**
   * A run with every number as N and runs of spaces as one (a column's width follows them), and
   * podman's spelled-out ages ("Up Less than a second ago", "Up 1 second ago") as one age.
   */
  private static Cli.Run masked(Cli.Run r) {
    return new Cli.Run(r.exit(), mask(r.out()), mask(r.err()));
  }

  private static String mask(String s) {
    return s.replaceAll("Up [A-Za-z0-9 ]+? ago", "Up AGE ago")
        .replaceAll("[0-9]+", "N")
        .replaceAll(" +", " ");
  }
}
