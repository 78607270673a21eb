package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RootCommandTest {
  @TempDir Path home;

  @Test
  void helpListsTheCommandsAndTheNamedExitCodes() {
    Cli.Run r = new Cli(home).run("--help");

    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("Commands:")
        .contains("  stop ")
        .contains("  node ")
        .contains(
            """
            Exit codes:
              0   done (also: nothing to do)
              1   could not do its job: a node unreachable, bad config or an invalid
                    service file, a push refused; the message says what and what to do
              2   usage: unknown command, option or argument, an invalid name
              3   the agent answered but the service is not where it should be: a failed
                    deploy, a conflict, drift, not converged, a rejected service file
              4   authentication or permission: the agent refused the token
                    (UNAUTHENTICATED, PERMISSION_DENIED)
            """);
  }

  @Test
  void aMistypedCommandIsAUsageErrorWithASuggestion() {
    Cli.Run r = new Cli(home).run("stpo", "metacrypt");

    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains("Unmatched arguments")
        .contains("stop")
        .contains("See 'mcp --help'.");
  }

  @Test
  void aMissingArgumentIsAUsageError() {
    Cli.Run r = new Cli(home).run("stop");

    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains("Missing required parameter: 'SERVICE'")
        .contains("mcp stop --help");
  }

  @Test
  void unexpectedErrorsShowTheStackTraceOnlyWhenVerbose() throws Exception {
    // A config that is a folder: reading it fails in a way mcp does not word itself.
    Files.createDirectories(home.resolve("dir.toml"));
    Cli cli = new Cli(home);

    Cli.Run quiet = cli.run("node", "list", "--config", home.resolve("dir.toml").toString());
    Cli.Run verbose =
        cli.run("node", "list", "--verbose", "--config", home.resolve("dir.toml").toString());

    assertThat(quiet.exit()).isEqualTo(1);
    assertThat(quiet.err()).startsWith("mcp: ").doesNotContain("\tat ");
    assertThat(verbose.err()).contains("\tat ");
  }

  @Test
  void helpHasNoColourWithNoColourOrWithoutATerminal() {
    assertThat(new Cli(home).terminal(true).run("--help").out()).contains("\u001b[");
    assertThat(new Cli(home).terminal(true).env("NO_COLOR", "1").run("--help").out())
        .doesNotContain("\u001b[");
    assertThat(new Cli(home).terminal(false).run("--help").out()).doesNotContain("\u001b[");
  }

  @Test
  void tablesAreColouredOnlyOnATerminalWithoutNoColour() throws Exception {
    Path config = home.resolve("mcp.toml");
    Files.writeString(config, "[[nodes]]\nname = \"rift\"\naddress = \"r:1\"\n");
    String[] args = {"node", "list", "--config", config.toString()};

    assertThat(new Cli(home).terminal(true).run(args).out()).contains("\u001b[1mNODE\u001b[0m");
    assertThat(new Cli(home).terminal(true).env("NO_COLOR", "1").run(args).out())
        .startsWith("NODE");
    assertThat(new Cli(home).terminal(false).run(args).out()).startsWith("NODE");
  }

  @Test
  void versionPrints() {
    Cli.Run r = new Cli(home).run("--version");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("mcp ");
  }

  @Test
  void theVersionAloneBuildsNoSubcommandAndPrintsTheSame() {
    Cli cli = new Cli(home);
    for (String option : new String[] {"--version", "-V"}) {
      String[] args = {option};
      CommandLine lazy = McpCommand.commandLine(cli.cliEnv(), AfterPush.NONE, args);
      StringWriter out = new StringWriter();
      lazy.setOut(new PrintWriter(out, true));

      assertThat(lazy.getSubcommands()).isEmpty();
      assertThat(lazy.execute(args)).isZero();
      assertThat(out.toString()).isEqualTo(cli.run(option).out());
    }
    assertThat(
            McpCommand.commandLine(cli.cliEnv(), AfterPush.NONE, new String[] {"--version", "ps"})
                .getSubcommands())
        .as("anything more than the version alone gets every subcommand, as before")
        .containsKeys("ps", "status", "help");
  }

  @Test
  void theHelpAloneBuildsNoSubcommandModelAndPrintsTheSame() {
    for (boolean terminal : new boolean[] {false, true}) {
      Cli cli = new Cli(home).terminal(terminal);
      for (String[] args : new String[][] {{}, {"--help"}, {"-h"}}) {
        CommandLine lazy = McpCommand.commandLine(cli.cliEnv(), AfterPush.NONE, args);
        StringWriter out = new StringWriter();
        lazy.setOut(new PrintWriter(out, true));

        assertThat(lazy.getSubcommands().get("ps").getCommandSpec().options())
            .as("only what the command list shows: no model of ps's options")
            .isEmpty();
        assertThat(lazy.execute(args)).isZero();
        assertThat(out.toString())
            .as("mcp %s, terminal %s", String.join(" ", args), terminal)
            .isEqualTo(cli.run(args).out())
            .contains("Live containers of every node");
      }
    }
  }
}
