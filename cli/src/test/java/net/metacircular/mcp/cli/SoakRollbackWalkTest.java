package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator does when a deploy goes bad, end to end (DESIGN.md, "Rollout"): the in-process
 * CLI against a real agent soaking each deploy 6 s, on real podman, with a real git remote. An edit
 * whose new command exits after 3 s is rolled back and quarantined, and the edit's wait ends on the
 * rollback with exit 3, the reason first; status says so; a plain deploy is refused naming --force;
 * {@code mcp rollback} reverts the failed commit's change in git (keeping a later change to the
 * file) and the service is fine again; a good change after that soaks and passes.
 */
@RequiresPodman
class SoakRollbackWalkTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private AgentFixture f;
  @TempDir Path tmp;

  @BeforeEach
  void setUp(TestPodman t, @TempDir Path root) throws Exception {
    // 6 s: the bad command exits 3 s after its start, which is before its soak begins (the gate
    // follows the run), so the soak's end sees the exit or podman's restart of it in any case; the
    // walk waits out three soaks, so each second here is three of the test's.
    f = new AgentFixture(t, root, false, "6s");
    // Running as a node does: the 2 s look at a soaking service and podman's events.
    f.agent.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
    f.t.removeAll();
  }

  private Path editor(String sed) throws Exception {
    return script("sed -i '" + sed + "' \"$1\"");
  }

  private Path script(String body) throws Exception {
    Path script = tmp.resolve("editor-" + System.nanoTime() + ".sh");
    Files.writeString(script, "#!/bin/sh\nset -e\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  private String cmd() {
    return f.t.byHand("inspect", "--format", "{{json .Config.Cmd}}", f.a + "-api");
  }

  private JsonNode rollout() throws Exception {
    Cli.Run js = f.cli.run("status", f.a, "--json");
    assertThat(js.exit()).as(js.toString()).isIn(0, ExitCodes.NOT_CONVERGED);
    JsonNode services =
        JSON.readTree(js.out()).path("nodes").get(0).path("status").path("services");
    for (JsonNode s : services) {
      if (s.path("name").asText().equals(f.a)) {
        return s.path("rollout");
      }
    }
    throw new AssertionError("no " + f.a + " in " + js.out());
  }

  @Test
  void aBadDeployIsRolledBackQuarantinedRevertedAndAGoodOneSoaks() throws Exception {
    String original = Files.readString(f.services.resolve(f.a + ".toml"));
    String healthyCmd = cmd();
    String healthyCommit = f.remoteHead();
    // The first deploy soaks too: it is the last healthy spec once that passes.
    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(() -> assertThat(rollout().path("phase").asText()).isEqualTo("passed"));

    // 1. The breaking change: its wait ends on the rollback, the reason first.
    Cli.Run bad =
        f.cli
            .env(
                "EDITOR",
                editor("s/echo hello-from-a;/echo breaking; sleep 3; exit 1;/").toString())
            .run("service", "edit", f.a, "--timeout", "10m");
    String failed = f.remoteHead();
    String shortFailed = failed.substring(0, 7);
    assertThat(bad.exit()).as(bad.toString()).isEqualTo(ExitCodes.NOT_CONVERGED);
    assertThat(bad.out()).as(bad.toString()).contains("pushed ");
    // The agent says the soak failed, then (one look later) that it rolled back: the wait looks on
    // for the rollback and ends on it.
    assertThat(bad.err())
        .as(bad.toString())
        .contains("mcp: " + f.a + " failed: ")
        .contains("rollout of " + shortFailed + " failed: ")
        .contains(
            "; rolled back to "
                + healthyCommit.substring(0, 7)
                + "; "
                + shortFailed
                + " quarantined")
        .doesNotContain("rolling back")
        // The agent's look lands either between the exit and podman's own restart of it, or
        // after the restart: both end the soak, each in its own words.
        .containsAnyOf(f.a + "-api restarted", f.a + "-api exited (exit code 1)")
        .doesNotContain("exit code of its last run 0")
        .contains("breaking")
        .doesNotContain("did not converge within");
    assertThat(bad.err().indexOf("breaking"))
        .as("the reason leads: " + bad.err())
        .isLessThan(bad.err().indexOf("rolled back to"));

    // 2. Status shows the rollback and the quarantine; the healthy spec runs again.
    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(() -> assertThat(rollout().path("phase").asText()).isEqualTo("rolled_back"));
    Cli.Run status = f.cli.run("status", f.a);
    assertThat(status.out())
        .as(status.toString())
        .contains("rolled back")
        .contains(shortFailed + " quarantined");
    assertThat(f.cli.run("status", "--check").exit()).isEqualTo(ExitCodes.NOT_CONVERGED);
    JsonNode r = rollout();
    assertThat(r.path("phase").asText()).isEqualTo("rolled_back");
    assertThat(r.path("failed_commit").asText()).isEqualTo(failed);
    assertThat(r.path("commit").asText()).isEqualTo(healthyCommit);
    assertThat(cmd()).isEqualTo(healthyCmd).contains("hello-from-a");

    // 3. A plain deploy of the quarantined spec is refused, naming --force.
    Cli.Run deploy = f.cli.run("deploy", f.a);
    assertThat(deploy.exit()).as(deploy.toString()).isEqualTo(ExitCodes.NOT_CONVERGED);
    assertThat(deploy.err()).as(deploy.toString()).contains("--force");
    assertThat(cmd()).isEqualTo(healthyCmd);

    // 4. mcp rollback makes it permanent in git: it undoes the quarantined commit's change, not
    // the last one (a later note in the file, committed here without a push, is kept). Done
    // without a push first, so that the agent still names the quarantine for the second run.
    Cli.Run note =
        f.cli
            .env("EDITOR", script("echo '# on call: alice' >> \"$1\"").toString())
            .run("service", "edit", f.a, "--no-push");
    assertThat(note.exit()).as(note.toString()).isZero();
    Cli.Run rollback = f.cli.run("rollback", f.a, "--no-push");
    assertThat(rollback.exit()).as(rollback.toString()).isZero();
    assertThat(rollback.out())
        .as(rollback.toString())
        .contains(
            "reverting "
                + shortFailed
                + ", which the agent rolled back and quarantined: "
                + r.path("reason").asText());
    assertThat(Files.readString(f.services.resolve(f.a + ".toml")))
        .isEqualTo(original + "# on call: alice\n");
    // Reverted already: nothing more to do while the agent still names the quarantine.
    Cli.Run again = f.cli.run("rollback", f.a, "--no-push");
    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.out()).contains("no longer has the change of the quarantined " + shortFailed);
    ServicesRemote.git(f.services, "push", "--quiet", "origin", "HEAD:main");
    assertThat(f.remoteSubject())
        .isEqualTo("mcp: rollback " + f.a + ": revert quarantined " + shortFailed);
    String reverted = f.remoteHead();
    Cli.Run sync = f.cli.run("sync", "--timeout", "10m");
    assertThat(sync.exit()).as(sync.toString()).isZero();
    JsonNode after = rollout();
    assertThat(after.path("phase").asText()).as(after.toString()).isEqualTo("passed");
    assertThat(after.path("commit").asText()).isEqualTo(reverted);
    Cli.Run check = f.cli.run("status", "--check");
    assertThat(check.exit()).as(check.toString()).isZero();
    assertThat(cmd()).isEqualTo(healthyCmd);

    // 5. A good change deploys, soaks, and its wait ends when the soak passes.
    Cli.Run good =
        f.cli
            .env("EDITOR", editor("s/echo hello-from-a;/echo hello-v2;/").toString())
            .run("service", "edit", f.a, "--timeout", "10m");
    assertThat(good.exit()).as(good.toString()).isZero();
    assertThat(good.out()).as(good.toString()).contains(f.a + " soaking (");
    // Not a terminal: the countdown is one line, not one per second of a 6 s soak.
    assertThat(good.out().split(f.a + " soaking \\(", -1)).as(good.toString()).hasSize(2);
    assertThat(cmd()).contains("hello-v2");
    JsonNode passed = rollout();
    assertThat(passed.path("phase").asText()).isEqualTo("passed");
    assertThat(passed.path("commit").asText()).isEqualTo(f.remoteHead());
    assertThat(f.cli.run("status", "--check").exit()).isZero();
  }
}
