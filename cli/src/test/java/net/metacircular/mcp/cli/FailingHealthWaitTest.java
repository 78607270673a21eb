package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edit that gives a component a health check that never passes: the agent's health gate fails
 * the deploy (and rolls it back to the last healthy spec), and the CLI's wait ends on the agent's
 * report with exit 3 and its reason, long before its {@code --timeout} (the message is the
 * failure's, not "did not converge within"), then on the rollback's outcome.
 *
 * <p>The agent runs as on a node ({@code agent.start()}): its loop's 2 s look rolls the failed gate
 * back. Without it nothing rolled back, and the wait ran out the CLI's 30 s bound for the
 * rollback's outcome ("the agent is still at it") on every run.
 */
@RequiresPodman
class FailingHealthWaitTest extends WithAgentFixture {
  @TempDir Path tmp;

  @BeforeEach
  void startAgent() {
    f.agent.start();
  }

  @Test
  void aHealthCheckThatFailsEndsTheWaitWithItsReason() throws Exception {
    Path editor = tmp.resolve("editor.sh");
    Files.writeString(
        editor,
        "#!/bin/sh\nset -e\nprintf '\\n[components.health]\\ncmd = [\"/bin/sh\", \"-c\","
            + " \"echo db-unreachable; exit 1\"]\\ninterval = \"1s\"\\nretries = 1\\n' >> \"$1\"\n");
    Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));

    String healthy = f.remoteHead();
    Cli.Run edit =
        f.cli.env("EDITOR", editor.toString()).run("service", "edit", f.a, "--timeout", "10m");

    assertThat(edit.exit()).as(edit.toString()).isEqualTo(ExitCodes.NOT_CONVERGED);
    assertThat(edit.err())
        .as(edit.toString())
        .contains("mcp: " + f.a + " failed: ")
        .contains("unhealthy")
        .contains("db-unreachable")
        .contains("; rolled back to " + healthy.substring(0, 7) + "; ")
        .contains(f.remoteHead().substring(0, 7) + " quarantined")
        .doesNotContain("still at it")
        .doesNotContain("did not converge within");
    assertThat(edit.err().indexOf("db-unreachable"))
        .as("the reason leads: " + edit.err())
        .isLessThan(edit.err().indexOf("rolled back to"));
    assertThat(edit.out()).contains("pushed ");
  }
}
