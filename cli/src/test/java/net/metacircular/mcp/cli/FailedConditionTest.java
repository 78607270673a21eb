package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deploy podman cannot do (its image cannot be pulled): the agent's typed condition says so in
 * {@code GET /v1/status}, {@code mcp status} shows it, and the CLI's wait ends on it at once with
 * exit 3 instead of running out its timeout.
 */
@RequiresPodman
class FailedConditionTest extends WithAgentFixture {
  @TempDir Path tmp;

  @Test
  void aFailedDeployEndsTheWaitAndStatusShowsTheTypedCondition() throws Exception {
    // localhost/ images exist only on this node: pulling one that is missing fails.
    Path editor = tmp.resolve("editor.sh");
    Files.writeString(
        editor, "#!/bin/sh\nset -e\nsed -i 's|mcp-test:idle|mcp-test-missing:none|' \"$1\"\n");
    Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));

    Cli.Run edit =
        cli.env("EDITOR", editor.toString()).run("service", "edit", f.a, "--timeout", "5m");

    assertThat(edit.exit()).as(edit.toString()).isEqualTo(ExitCodes.NOT_CONVERGED);
    assertThat(edit.err())
        .contains("mcp: " + f.a + " failed: ")
        .contains("api failed (transient)")
        .contains("failed to recreate " + f.a + "-api")
        .doesNotContain("did not converge within");
    // The pull failed before the old container was touched: it still runs.
    assertThat(f.container(f.a + "-api").running()).isTrue();

    Cli.Run js = cli.run("status", f.a, "--json");
    JsonNode api =
        new ObjectMapper()
            .readTree(js.out())
            .path("nodes")
            .get(0)
            .path("status")
            .path("services")
            .get(0)
            .path("components")
            .get(0);
    assertThat(api.path("condition_kind").asText()).isEqualTo("failed");
    assertThat(api.path("condition_detail").asText())
        .startsWith("failed to recreate " + f.a + "-api");
    assertThat(api.path("failure_class").asText()).isEqualTo("transient");
    assertThat(api.path("failed_action").asText()).isEqualTo("recreate");
    assertThat(api.path("attempts").asInt()).isPositive();
    assertThat(api.path("condition_since").isTextual()).isTrue();
    assertThat(api.path("condition_commit").asText()).isEqualTo(f.remoteHead());
    // The string of earlier releases is still there for one release.
    assertThat(api.path("condition").asText()).startsWith("failed:");

    Cli.Run table = cli.run("status", f.a);
    assertThat(table.exit()).as(table.toString()).isZero();
    assertThat(table.out())
        .contains("FAILED")
        .contains(f.a + "/api: failed (transient): failed to recreate " + f.a + "-api")
        .contains("2 problems"); // the component, and the last reconcile that failed on it
    assertThat(cli.run("status", "--check").exit()).isEqualTo(ExitCodes.NOT_CONVERGED);
  }
}
