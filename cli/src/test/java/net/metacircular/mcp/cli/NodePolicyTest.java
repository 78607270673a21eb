package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import net.metacircular.mcp.schema.ServiceParser;
import net.metacircular.mcp.schema.ValidationPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Service files are checked against the policy of the node they name, asked of its agent (a real
 * one, whose services_root is a temporary directory, not /srv), then cached; mcp.toml says nothing
 * of services_root.
 */
@RequiresPodman
class NodePolicyTest {
  private AgentFixture f;
  private Cli cli;
  private String withVolume;

  @BeforeEach
  void setUp(TestPodman t, @TempDir Path root) throws Exception {
    f = new AgentFixture(t, root);
    cli = f.cli;
    Files.writeString(
        f.config, Files.readString(f.config).replaceFirst("services_root = \"[^\"]*\"\n", ""));
    // A volume under the node's own services_root, committed (not pushed: --no-push below).
    withVolume =
        f.serviceA()
            + "volumes = [\""
            + f.servicesRoot.resolve(f.a).resolve("data")
            + ":/data\"]\n";
    Files.writeString(f.services.resolve(f.a + ".toml"), withVolume);
    ServicesRemote.git(f.services, "commit", "-qam", "a gets a volume");
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
    f.t.removeAll();
  }

  @Test
  void theNodesOwnPolicyAcceptsAVolumeUnderItsServicesRootAndIsCachedForWhenItIsDown()
      throws Exception {
    // What the CLI did before: its own default, /srv, refused the node's layout.
    assertThat(new ServiceParser(ValidationPolicy.DEFAULT).parse("a.toml", withVolume).isValid())
        .isFalse();

    Cli.Run stop = cli.run("stop", f.a, "--no-push");

    assertThat(stop.exit()).as(stop.toString()).isZero();
    assertThat(stop.err()).doesNotContain("note: checked");
    Path cached = f.home.resolve(".cache/mcp/policy/" + f.node + ".json");
    assertThat(Files.readString(cached)).contains("\"services_root\":\"" + f.servicesRoot + "\"");

    Cli.Run validate = cli.run("validate");
    assertThat(validate.exit()).as(validate.toString()).isZero();
    assertThat(validate.out())
        .contains(
            "policy: node " + f.node + "'s live policy (services_root " + f.servicesRoot + ")\n");

    Path xdg = f.root.resolve("xdg-cache");
    Cli.Run moved = new Cli(f.home).env("XDG_CACHE_HOME", xdg.toString()).run("validate");
    assertThat(moved.exit()).as(moved.toString()).isZero();
    assertThat(xdg.resolve("mcp/policy/" + f.node + ".json")).exists();

    // The node's policy refuses too, and the refusal names the node whose policy it is.
    Path outside = Files.createDirectories(f.root.resolve("elsewhere")).resolve(f.a + ".toml");
    Files.writeString(
        outside, withVolume.replace(f.servicesRoot.resolve(f.a).toString(), "/etc/elsewhere"));
    Cli.Run refused = cli.run("validate", outside.toString());
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCodes.ERROR);
    assertThat(refused.out())
        .contains("is outside the service's data directory " + f.servicesRoot.resolve(f.a))
        .contains("policy: node " + f.node + "'s live policy");

    // The agent down: its cached policy applies, and the note says so.
    f.close();
    Cli.Run start = cli.run("start", f.a, "--no-push");
    assertThat(start.exit()).as(start.toString()).isZero();
    assertThat(start.err())
        .contains(
            "mcp: note: checked " + f.a + ".toml against node " + f.node + "'s cached policy from ")
        .contains("(services_root " + f.servicesRoot + "), since node " + f.node)
        .contains("is unreachable")
        .doesNotContain("not checked");

    // No cache either: the default, with the checks only the node could decide skipped.
    Files.delete(cached);
    Cli.Run again = cli.run("stop", f.a, "--no-push");
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.err())
        .contains("against the default services_root /srv, since node " + f.node)
        .contains("is unreachable and no policy of it is cached; not checked: volumes outside")
        .contains("not refused, as node " + f.node + "'s policy is unknown: " + f.a + ".toml:")
        .contains("is outside the service's data directory /srv/" + f.a);

    // mcp.toml's services_root is the next fallback.
    Files.writeString(f.config, "services_root = \"/data\"\n" + Files.readString(f.config));
    Cli.Run configured = cli.run("validate");
    assertThat(configured.exit()).as(configured.toString()).isZero();
    assertThat(configured.out())
        .contains("warning: not checked, node " + f.node + "'s own policy is unknown: ")
        .contains("policy: mcp.toml's services_root /data, since node " + f.node);
  }
}
