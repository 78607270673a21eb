package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir Path home;
  Path config;
  Cli cli;

  @BeforeEach
  void setUp() throws Exception {
    config = home.resolve(".config/mcp/mcp.toml");
    Files.createDirectories(config.getParent());
    cli = new Cli(home);
  }

  @Test
  void aMissingConfigIsOneSentenceWithTheFix() {
    Cli.Run r = cli.run("node", "list");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "mcp: no config file "
                + config
                + "; create it with \"mcp node add NAME HOST:PORT\" (services_dir defaults to"
                + " ~/.config/mcp/services), or point --config or MCP_CONFIG at yours\n");
  }

  @Test
  void aSyntaxErrorNamesTheFileAndLine() throws Exception {
    Files.writeString(config, "services_dir = \"~/s\"\n[[nodes]\n");

    Cli.Run r = cli.run("node", "list");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("mcp: " + config + ":2:").contains("TOML syntax error");
    assertThat(r.err().lines()).hasSize(1);
  }

  @Test
  void anUnknownKeyIsNamedWithTheKeysThereAre() throws Exception {
    Files.writeString(config, "service_dir = \"~/s\"\n");

    Cli.Run r = cli.run("node", "list");

    assertThat(r.err())
        .isEqualTo(
            "mcp: "
                + config
                + ":1:1: service_dir: unknown key; the keys are services_dir, token_file,"
                + " ca_cert, services_root, secret_recipients and [[nodes]]\n");
  }

  @Test
  void aWrongTypeSaysWhatToWrite() throws Exception {
    Files.writeString(config, "services_dir = 42\n");

    Cli.Run r = cli.run("node", "list");

    assertThat(r.err())
        .isEqualTo(
            "mcp: "
                + config
                + ":1:1: services_dir: expected a path in quotes, e.g. services_dir ="
                + " \"~/.config/mcp/services\"; got 42\n");
  }

  @Test
  void aNodeWithoutAddressIsNamed() throws Exception {
    Files.writeString(config, "[[nodes]]\nname = \"rift\"\n");

    Cli.Run r = cli.run("node", "list");

    assertThat(r.err())
        .isEqualTo(
            "mcp: "
                + config
                + ":1:1: nodes[0].address: required key is missing; add address ="
                + " \"rift.example.net:9443\"\n");
  }

  @Test
  void configOptionAndEnvironmentOverrideTheDefault() throws Exception {
    Path mine = home.resolve("mine.toml");
    Files.writeString(mine, "[[nodes]]\nname = \"a\"\naddress = \"a:1\"\n");
    Path theirs = home.resolve("theirs.toml");
    Files.writeString(theirs, "[[nodes]]\nname = \"b\"\naddress = \"b:1\"\n");

    assertThat(cli.run("node", "list", "--config", mine.toString()).out()).contains("a:1");
    cli.env("MCP_CONFIG", "~/theirs.toml");
    assertThat(cli.run("node", "list").out()).contains("b:1");
    assertThat(cli.run("node", "list", "--config", "~/mine.toml").out()).contains("a:1");
  }

  @Test
  void anExplicitMissingConfigNamesThatFile() {
    Cli.Run r = cli.run("node", "list", "--config", "~/nope.toml");

    assertThat(r.err()).startsWith("mcp: no config file " + home.resolve("nope.toml") + ";");
  }
}
