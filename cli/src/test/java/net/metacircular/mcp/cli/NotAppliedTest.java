package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import org.junit.jupiter.api.Test;

/** What is not applied, said as such: a node behind the remote or down, a foreign container. */
@RequiresPodman
class NotAppliedTest extends WithAgentFixture {

  @Test
  void diffNamesTheNodeBehindTheRemoteOrUnreachableAndCheckExitsThree() throws Exception {
    Cli.Run clean = cli.run("diff", "--check");
    assertThat(clean.exit()).as(clean.toString()).isZero();
    String applied = f.remoteHead();
    assertThat(clean.out())
        .contains("agents: everything applied (origin/main at " + applied.substring(0, 7) + ")");

    // A colleague pushes; the agent (polling hourly) has not fetched it yet.
    Path other = f.otherClone();
    Files.writeString(other.resolve(f.a + ".toml"), f.serviceA() + "# a note\n");
    ServicesRemote.git(other, "commit", "-qam", "a note");
    ServicesRemote.git(other, "push", "--quiet", "origin", "HEAD:main");
    String pushed = f.remoteHead();

    Cli.Run behind = cli.run("diff");
    assertThat(behind.exit()).as(behind.toString()).isZero();
    assertThat(behind.out())
        .contains(
            "node "
                + f.node
                + " is behind: it applied "
                + applied.substring(0, 7)
                + ", origin/main is at "
                + pushed.substring(0, 7)
                + " (mcp sync fetches it now)")
        .doesNotContain("everything applied");
    assertThat(cli.run("diff", "--check").exit()).isEqualTo(ExitCodes.NOT_CONVERGED);
    assertThat(cli.run("diff", "--json").out())
        .contains("\"behind\":[{\"node\":\"" + f.node + "\",\"applied_commit\":\"" + applied);

    assertThat(cli.run("sync").exit()).isZero();
    assertThat(cli.run("diff", "--check").exit()).isZero();

    String address = f.address();
    f.close();
    Cli.Run down = cli.run("diff", "--check");
    assertThat(down.exit()).as(down.toString()).isEqualTo(ExitCodes.ERROR);
    assertThat(down.out())
        .contains(
            "node " + f.node + " is unreachable (" + address + "): what it has applied is unknown")
        .doesNotContain("everything applied");
  }

  @Test
  void deployOfAServiceWhoseContainerNameAForeignContainerHoldsNamesTheConflict() throws Exception {
    String name = f.a + "-api";
    f.t.podman().remove(name, true);
    f.t.runOutside(name, Map.of("app", "hand-made"));

    Cli.Run r = cli.run("deploy", f.a);

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.NOT_CONVERGED);
    assertThat(r.err())
        .contains(
            "mcp: conflict: a container named "
                + name
                + " on node "
                + f.node
                + " was not created by MCP (no mcp.managed label)")
        .contains("podman rename " + name + " " + name + "-old")
        .contains("podman rm -f " + name);
    assertThat(f.container(name).managed()).isFalse();
  }

  @Test
  void aFailedDeployExitsThreeFromSyncAndDeploy() throws Exception {
    Files.writeString(
        f.services.resolve(f.a + ".toml"),
        f.serviceA().replaceFirst("cmd = \\[.*\\]\n", "cmd = [\"/nonexistent-binary\"]\n"));
    ServicesRemote.git(f.services, "commit", "-qam", "a runs nothing");

    Cli.Run sync = cli.run("sync");
    assertThat(sync.exit()).as(sync.toString()).isEqualTo(ExitCodes.NOT_CONVERGED);
    assertThat(sync.err()).contains("mcp: some actions failed");

    Cli.Run deploy = cli.run("deploy", f.a);
    assertThat(deploy.exit()).as(deploy.toString()).isEqualTo(ExitCodes.NOT_CONVERGED);
    // The agent's reason first, in podman's words, not only "the deploy failed".
    assertThat(deploy.err())
        .as(deploy.toString())
        .contains("mcp: " + f.a + " on node " + f.node + " rollout of ")
        .contains("\"/nonexistent-binary\": stat /nonexistent-binary: no such file or directory")
        .contains("see mcp status " + f.a);
  }
}
