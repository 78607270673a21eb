package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class NodeCommandTest {
  @TempDir Path home;
  Path config;
  Cli cli;

  /** A file with comments everywhere; also one of the forms PlainConfigTest reads. */
  public static final String COMMENTED =
      """
      # My MCP config.
      services_dir = "~/src/services"   # my clone

      # The main node.
      [[nodes]]
      name = "rift"
      address = "rift.example.net:9443"  # over the overlay

      # The spare, in the cupboard.
      [[nodes]]
      name   = "spare"
      address = "10.0.0.9:9443"

      # Trailing notes stay.
      """;

  @BeforeEach
  void setUp() throws Exception {
    config = home.resolve(".config/mcp/mcp.toml");
    Files.createDirectories(config.getParent());
    cli = new Cli(home);
  }

  @Test
  void addAppendsABlockAndKeepsEverythingElse() throws Exception {
    Files.writeString(config, COMMENTED);

    Cli.Run r = cli.run("node", "add", "vade", "vade.example.net:9443");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("added node vade at vade.example.net:9443 to " + config + "\n");
    assertThat(Files.readString(config))
        .isEqualTo(
            COMMENTED
                + """

                [[nodes]]
                name = "vade"
                address = "vade.example.net:9443"
                """);
  }

  @Test
  void removeCutsExactlyThatBlock() throws Exception {
    Files.writeString(config, COMMENTED);

    Cli.Run r = cli.run("node", "remove", "rift");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Files.readString(config))
        .isEqualTo(
            """
            # My MCP config.
            services_dir = "~/src/services"   # my clone

            # The spare, in the cupboard.
            [[nodes]]
            name   = "spare"
            address = "10.0.0.9:9443"

            # Trailing notes stay.
            """);
  }

  @Test
  void removingTheLastBlockKeepsTrailingComments() throws Exception {
    Files.writeString(config, COMMENTED);

    assertThat(cli.run("node", "remove", "spare").exit()).isZero();

    assertThat(Files.readString(config))
        .isEqualTo(
            """
            # My MCP config.
            services_dir = "~/src/services"   # my clone

            # The main node.
            [[nodes]]
            name = "rift"
            address = "rift.example.net:9443"  # over the overlay

            # Trailing notes stay.
            """);
  }

  @Test
  void addThenRemoveGivesTheFileBack() throws Exception {
    Files.writeString(config, COMMENTED);

    assertThat(cli.run("node", "add", "vade", "[fd00::1]:9443").exit()).isZero();
    assertThat(cli.run("node", "remove", "vade").exit()).isZero();

    assertThat(Files.readString(config)).isEqualTo(COMMENTED);
  }

  @Test
  void addCreatesAMissingConfig() throws Exception {
    Files.delete(config.getParent());

    Cli.Run r = cli.run("node", "add", "rift", "rift.example.net:9443");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Files.readString(config))
        .isEqualTo("[[nodes]]\nname = \"rift\"\naddress = \"rift.example.net:9443\"\n");
  }

  @Test
  void duplicatesAndUnknownNamesAreRefusedClearly() throws Exception {
    Files.writeString(config, COMMENTED);

    Cli.Run dup = cli.run("node", "add", "rift", "other:1");
    Cli.Run unknown = cli.run("node", "remove", "nope");

    assertThat(dup.exit()).isEqualTo(1);
    assertThat(dup.err())
        .isEqualTo(
            "mcp: node rift is already in "
                + config
                + " at rift.example.net:9443; to change it, mcp node remove rift first\n");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err())
        .isEqualTo("mcp: no node nope in " + config + "; nodes are: rift, spare\n");
    assertThat(Files.readString(config)).isEqualTo(COMMENTED);
  }

  @Test
  void badNamesAndAddressesAreRefused() throws Exception {
    Files.writeString(config, COMMENTED);

    Cli.Run scheme = cli.run("node", "add", "vade", "https://vade:9443");
    Cli.Run noPort = cli.run("node", "add", "vade", "vade");
    Cli.Run name = cli.run("node", "add", "Vade", "vade:9443");

    assertThat(scheme.err())
        .isEqualTo(
            "mcp: give the address as host:port without a scheme, e.g. rift.example.net:9443;"
                + " got \"https://vade:9443\"\n");
    assertThat(noPort.err()).contains("host:port");
    assertThat(name.err()).contains("node names are lower-case");
    assertThat(Files.readString(config)).isEqualTo(COMMENTED);
  }

  @Test
  void listPrintsATableOrJson() throws Exception {
    Files.writeString(config, COMMENTED);

    Cli.Run table = cli.run("node", "list", "--offline");
    Cli.Run json = cli.run("node", "list", "--offline", "--json");

    assertThat(table.out())
        .isEqualTo(
            """
            NODE   ADDRESS
            rift   rift.example.net:9443
            spare  10.0.0.9:9443
            """);
    assertThat(json.out())
        .isEqualTo(
            "[{\"name\":\"rift\",\"address\":\"rift.example.net:9443\"},"
                + "{\"name\":\"spare\",\"address\":\"10.0.0.9:9443\"}]\n");
  }

  @Test
  void listWithNoNodesSaysHowToAddOne() throws Exception {
    Files.writeString(config, "# empty\n");

    Cli.Run r = cli.run("node", "list");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("no nodes in " + config).contains("mcp node add NAME HOST:PORT");
  }

  @Test
  void crlfFilesStayCrlf() throws Exception {
    Files.writeString(config, "# windows\r\n[[nodes]]\r\nname = \"rift\"\r\naddress = \"r:1\"\r\n");

    assertThat(cli.run("node", "add", "vade", "v:2").exit()).isZero();
    assertThat(Files.readString(config))
        .isEqualTo(
            "# windows\r\n[[nodes]]\r\nname = \"rift\"\r\naddress = \"r:1\"\r\n\r\n"
                + "[[nodes]]\r\nname = \"vade\"\r\naddress = \"v:2\"\r\n");
    assertThat(cli.run("node", "remove", "rift").exit()).isZero();
    assertThat(Files.readString(config))
        .isEqualTo("[[nodes]]\r\nname = \"vade\"\r\naddress = \"v:2\"\r\n");
  }
}
