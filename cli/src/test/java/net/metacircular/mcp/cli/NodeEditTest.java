package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mcp node edit NAME --address HOST:PORT}: only the address's value changes. */
class NodeEditTest {
  @TempDir Path home;
  Path config;
  Cli cli;

  @BeforeEach
  void setUp() throws Exception {
    config = home.resolve(".config/mcp/mcp.toml");
    Files.createDirectories(config.getParent());
    Files.writeString(config, NodeCommandTest.COMMENTED);
    cli = new Cli(home);
  }

  @Test
  void editChangesOnlyThatNodesAddressAndKeepsItsComment() throws Exception {
    Cli.Run r = cli.run("node", "edit", "rift", "--address", "192.168.88.190:9443");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "node rift: address rift.example.net:9443 → 192.168.88.190:9443 in " + config + "\n");
    assertThat(Files.readString(config))
        .isEqualTo(
            NodeCommandTest.COMMENTED.replace(
                "address = \"rift.example.net:9443\"  # over the overlay",
                "address = \"192.168.88.190:9443\"  # over the overlay"));

    assertThat(cli.run("node", "edit", "spare", "--address", "[fd00::9]:9443").exit()).isZero();
    assertThat(Files.readString(config)).contains("address = \"[fd00::9]:9443\"\n");
    Cli.Run list = cli.run("node", "list", "--offline");
    assertThat(list.out()).containsPattern("rift +192.168.88.190:9443");
  }

  @Test
  void anUnknownNodeOrABadAddressChangesNothing() throws Exception {
    Cli.Run unknown = cli.run("node", "edit", "vade", "--address", "vade.example.net:9443");
    assertThat(unknown.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(unknown.err())
        .contains("no node vade in " + config + " (nothing was written); nodes are: rift, spare")
        .contains("mcp node add vade vade.example.net:9443");

    Cli.Run bad = cli.run("node", "edit", "rift", "--address", "https://rift:9443");
    assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.err()).contains("without a scheme");
    assertThat(cli.run("node", "edit", "rift").exit()).isEqualTo(ExitCodes.USAGE);

    assertThat(Files.readString(config)).isEqualTo(NodeCommandTest.COMMENTED);
  }
}
