package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.metacircular.mcp.agent.testing.ApiClient;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import org.junit.jupiter.api.Test;

/** mcp suspend and resume against a real agent: who, why and until in status; deploy refused. */
@RequiresPodman
class SuspendTest extends WithAgentFixture {

  @Test
  void aSuspendedServiceRefusesDeployAndRestartWithExitThreeUntilResumed() {
    Cli.Run suspend = cli.run("suspend", f.a, "--reason", "disk swap on rift", "--for", "2h");
    assertThat(suspend.exit()).as(suspend.toString()).isZero();
    assertThat(suspend.out())
        .startsWith("suspended " + f.a + " on node " + f.node + " by operator: disk swap on rift")
        .contains("(until ");

    Cli.Run status = cli.run("status", f.a, "--check");
    assertThat(status.exit()).as(status.toString()).isEqualTo(ExitCodes.NOT_CONVERGED);
    assertThat(status.out())
        .contains(f.a + ": suspended by operator ")
        .contains(": disk swap on rift");

    assertThat(suspendedMetric()).isEqualTo("1.0");

    for (String command : new String[] {"deploy", "restart"}) {
      Cli.Run refused = cli.run(command, f.a);
      assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCodes.NOT_CONVERGED);
      assertThat(refused.err())
          .contains("FAILED_PRECONDITION: service " + f.a + " is suspended by operator")
          .contains("mcp resume " + f.a);
    }

    Cli.Run resume = cli.run("resume", f.a);
    assertThat(resume.exit()).as(resume.toString()).isZero();
    assertThat(resume.out()).contains("service " + f.a + " resumed");
    assertThat(cli.run("status", f.a, "--check").exit()).isZero();
    assertThat(suspendedMetric()).isEqualTo("0.0");
    Cli.Run deploy = cli.run("deploy", f.a);
    assertThat(deploy.exit()).as(deploy.toString()).isZero();
  }

  @Test
  void aChangeToASuspendedServiceIsPushedButEndsAtOnceWithExitThree() {
    assertThat(cli.run("suspend", f.a, "--reason", "disk swap on rift").exit()).isZero();

    // --timeout 10m: the wait ends on the agent's answer, not on running out the timeout.
    Cli.Run stop = cli.run("stop", f.a, "--timeout", "10m");

    assertThat(stop.exit()).as(stop.toString()).isEqualTo(ExitCodes.NOT_CONVERGED);
    assertThat(stop.out()).contains("pushed ");
    assertThat(f.remoteSubject()).isEqualTo("mcp: stop " + f.a);
    assertThat(stop.err())
        .contains("mcp: " + f.a + " is suspended, so its agent leaves it alone: ")
        .contains(f.a + ": suspended by operator ")
        .contains(": disk swap on rift")
        .contains("mcp resume " + f.a)
        .doesNotContain("did not converge within");
    // Left alone: still running although the file now says stop.
    assertThat(f.container(f.a + "-api").running()).isTrue();
  }

  @Test
  void aWholeNodeIsSuspendedAndResumedWithNode() {
    Cli.Run suspend = cli.run("suspend", "--node", f.node, "--reason", "kernel upgrade");
    assertThat(suspend.exit()).as(suspend.toString()).isZero();
    assertThat(suspend.out()).contains("every service of node " + f.node).contains("mcp resume");

    Cli.Run refused = cli.run("deploy", f.b);
    assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCodes.NOT_CONVERGED);
    assertThat(refused.err()).contains("mcp resume --node " + f.node);

    assertThat(cli.run("resume", "--node", f.node).exit()).isZero();
    Cli.Run again = cli.run("resume", "--node", f.node);
    assertThat(again.exit()).as(again.toString()).isEqualTo(ExitCodes.ERROR);
    assertThat(again.err()).contains("is not suspended; nothing to resume");
  }

  @Test
  void aReasonIsRequiredAndAReadTokenIsRefused() throws Exception {
    Cli.Run noReason = cli.run("suspend", f.a);
    assertThat(noReason.exit()).as(noReason.toString()).isEqualTo(ExitCodes.USAGE);
    assertThat(noReason.err()).contains("--reason");

    java.nio.file.Files.writeString(f.tokenFile, AgentFixture.READ_TOKEN + "\n");
    Cli.Run read = cli.run("suspend", f.a, "--reason", "x");
    assertThat(read.exit()).as(read.toString()).isEqualTo(ExitCodes.AUTH);
  }

  /** The value of mcp_suspended{service=a} on the agent's /metrics. */
  private String suspendedMetric() {
    ApiClient api = new ApiClient(f.certs, f.server.port(), Duration.ofSeconds(10));
    String prefix = "mcp_suspended{service=\"" + f.a + "\"";
    return api.send(api.request("/metrics", AgentFixture.TOKEN))
        .body()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(l.lastIndexOf(' ') + 1))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + prefix + " in /metrics"));
  }
}
