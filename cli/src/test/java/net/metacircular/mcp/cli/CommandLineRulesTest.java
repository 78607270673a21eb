package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import net.metacircular.mcp.cli.act.Converge;
import org.junit.jupiter.api.Test;

/** Exit codes and arguments as docs/reference/cli.md states them, without an agent. */
class CommandLineRulesTest extends GitCase {

  /** mcp.toml with rift on a loopback port nothing listens on, and a token. */
  private int riftDown() throws Exception {
    int port;
    try (var sock = new java.net.ServerSocket(0)) {
      port = sock.getLocalPort();
    }
    Files.writeString(
        home.resolve(".config/mcp/mcp.toml"),
        "[[nodes]]\nname = \"rift\"\naddress = \"127.0.0.1:" + port + "\"\n");
    Files.writeString(home.resolve(".config/mcp/token"), "some-token\n");
    return port;
  }

  @Test
  void eventsWithTheAgentDownSayItIsUnreachableAndExitOne() throws Exception {
    int port = riftDown();

    Cli.Run r = cli.run("events");

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.out()).doesNotContain("no events");
    assertThat(r.err()).contains("cannot reach node rift at 127.0.0.1:" + port);
  }

  @Test
  void anInvalidServiceNameIsAUsageError() {
    for (String[] args :
        new String[][] {
          {"stop", "Bad_Name"}, {"events", "../x"}, {"deploy", "UP"}, {"diff", "a.b"}
        }) {
      Cli.Run r = cli.run(args);
      assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).contains("is not a service name");
    }
  }

  @Test
  void validateLooksForAServiceOrFileNameInServicesDir() {
    for (String arg : new String[] {"metacrypt", "metacrypt.toml"}) {
      Cli.Run r = cli.run("validate", arg);
      assertThat(r.exit()).as(r.toString()).isZero();
      assertThat(r.out()).endsWith("1 file valid\n");
    }
    Cli.Run missing = cli.run("validate", "nosuch");
    assertThat(missing.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(missing.out()).startsWith("nosuch: no such file\n");
  }

  @Test
  void unreachableAfterSetsHowLongAChangeWaitsForASilentNode() throws Exception {
    riftDown();
    cli.afterPush(new Converge());

    Cli.Run r = cli.run("stop", "metacrypt", "--unreachable-after", "2s", "--timeout", "120s");

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err()).contains("mcp: stopped waiting for rift, unreachable for 2s or more");
    assertThat(remote.remoteSubject()).isEqualTo("mcp: stop metacrypt");
    Cli.Run zero = cli.run("start", "metacrypt", "--unreachable-after", "0s");
    assertThat(zero.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(zero.err()).contains("--unreachable-after must be longer than 0");
  }
}
