package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateTest {
  @TempDir Path home;

  @Test
  void theExamplesAreValid() {
    Cli.Run r = new Cli(home).run("validate", ServicesRemote.EXAMPLES.toString());

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "policy: the default services_root /srv, since there is no mcp.toml to find node rift"
                + " in; not checked: "
                + net.metacircular.mcp.cli.policy.Checked.SKIPPED_CHECKS
                + "\nall 5 files valid\n");
  }

  @Test
  void everyErrorIsPrintedAsFileLineColumnKeyMessage() throws Exception {
    Path bad = home.resolve("svc.toml");
    Files.writeString(
        bad,
        """
        name = "svc"
        node = "rift"

        [[components]]
        name = "app"
        image = "Reg/App:1"
        restart = "sometimes"
        """);

    Cli.Run r = new Cli(home).run("validate", bad.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .startsWith(bad + ":6:1: components[0].image: ")
        .contains("\n" + bad + ":7:1: components[0].restart: expected one of no, on-failure")
        .endsWith("1 of 1 file invalid (2 errors)\n");
  }

  @Test
  void withoutArgumentsItChecksServicesDir() throws Exception {
    Path services = Files.createDirectories(home.resolve(".config/mcp/services"));
    Files.copy(ServicesRemote.EXAMPLES.resolve("wiki.toml"), services.resolve("wiki.toml"));
    Files.writeString(services.resolve("broken.toml"), "name = \"broken\"\n");
    Files.writeString(home.resolve(".config/mcp/mcp.toml"), "");

    Cli.Run r = new Cli(home).run("validate");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out())
        .contains(services.resolve("broken.toml") + ":1:1: node: required key is missing")
        .endsWith("1 of 2 files invalid (2 errors)\n");
  }

  @Test
  void withoutTheNodesPolicyServicesRootMovesTheDataDirectoryAndWhatOnlyTheNodeDecidesIsSkipped()
      throws Exception {
    Path f = home.resolve("wiki.toml");
    Files.copy(ServicesRemote.EXAMPLES.resolve("wiki.toml"), f);

    Cli.Run r = new Cli(home).run("validate", "--services-root", "/data", f.toString());

    // /srv/wiki is outside /data/wiki/, but the node's allowed_volume_roots might allow it.
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains(
            "warning: not checked, node rift's own policy is unknown: "
                + f
                + ":12:12: components[0].volumes[0]: the host path /srv/wiki/data is outside the"
                + " service's data directory /data/wiki/")
        .contains("policy: --services-root /data, since there is no mcp.toml to find node rift in")
        .endsWith("1 file valid\n");

    Cli.Run relative = new Cli(home).run("validate", "--services-root", "data", f.toString());
    assertThat(relative.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(relative.err()).contains("--services-root must be an absolute path");
  }

  @Test
  void aMissingFileIsAnError() {
    Cli.Run r = new Cli(home).run("validate", home.resolve("nope.toml").toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).startsWith(home.resolve("nope.toml") + ": no such file\n");
  }

  @Test
  void jsonListsFilesAndErrors() throws Exception {
    Path f = home.resolve("x.toml");
    Files.writeString(f, "name = \"x\"\nnode = \"rift\"\ncomponents = []\nbogus = 1\n");

    Cli.Run r = new Cli(home).run("validate", "--json", f.toString());

    assertThat(r.out())
        .startsWith("[{\"file\":\"" + f + "\",\"valid\":false,\"errors\":[{\"line\":3,");
  }

  @Test
  void aNodeNotInTheConfigIsAnErrorOnlyWhenTheConfigListsNodes() throws Exception {
    Path f = home.resolve("wiki.toml");
    Files.writeString(
        f,
        Files.readString(ServicesRemote.EXAMPLES.resolve("wiki.toml"))
            .replace("node = \"rift\"", "node = \"rift0\""));

    Cli.Run noConfig = new Cli(home).run("validate", f.toString());
    assertThat(noConfig.exit()).as(noConfig.toString()).isZero();

    Files.createDirectories(home.resolve(".config/mcp"));
    Files.writeString(
        home.resolve(".config/mcp/mcp.toml"),
        "[[nodes]]\nname = \"rift\"\naddress = \"rift.example.net:9443\"\n");
    Cli.Run r = new Cli(home).run("validate", f.toString());

    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.out())
        .startsWith(f + ":4:1: node: node \"rift0\" is not configured in ")
        .contains("(configured: rift)")
        .contains("mcp node add rift0 ADDRESS")
        .endsWith("1 of 1 file invalid (1 error)\n");
  }
}
