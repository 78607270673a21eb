package net.metacircular.mcp.cli.act;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.metacircular.mcp.cli.Cli;
import net.metacircular.mcp.cli.PushedChange;
import net.metacircular.mcp.cli.agent.ApiMapper;
import net.metacircular.mcp.cli.agent.NodeResult;
import net.metacircular.mcp.cli.config.Node;
import net.metacircular.mcp.cli.repo.Git;
import net.metacircular.mcp.schema.api.StatusResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The change commands' wait on one node's answer (the JSON an agent gives once rollouts are
 * reported), in a real git clone: applied and soaking is not done yet and says the time left; the
 * soak's failure ends it; passed, or {@code --no-soak-wait}, is done.
 */
class ConvergeSoakTest {
  @TempDir Path dir;
  private Git git;
  private String commit;

  @BeforeEach
  void setUp() throws Exception {
    git = new Git(dir, Cli.gitEnv());
    git.ok("init", "--quiet", "--initial-branch=main");
    Files.writeString(dir.resolve("app.toml"), "name = \"app\"\n");
    git.ok("add", ".");
    git.ok("commit", "--quiet", "-m", "app");
    commit = git.ok("rev-parse", "HEAD");
  }

  private Converge.Verdict judge(String rollout, boolean soakWait) throws Exception {
    return judge(rollout, soakWait, true);
  }

  private Converge.Verdict judge(String rollout, boolean soakWait, boolean rollback)
      throws Exception {
    StatusResponse s =
        ApiMapper.get()
            .readValue(
                "{\"node\":\"rift\",\"at\":\"2026-12-03T14:30:00Z\",\"source\":{\"applied_commit\":\""
                    + commit
                    + "\"},\"services\":[{\"name\":\"app\",\"active\":true,\"deploy\":\"auto\","
                    + "\"components\":[{\"name\":\"api\",\"container\":\"app-api\","
                    + "\"desired_image\":\"localhost/x:2\",\"desired_spec_hash\":\"h2\","
                    + "\"desired_running\":true,\"applied_spec_hash\":\"h2\","
                    + "\"observed_state\":\"running\",\"managed\":true,\"condition_kind\":\"ok\"}],"
                    + "\"rollout\":"
                    + rollout
                    + "}],\"events\":[]}",
                StatusResponse.class);
    PushedChange change =
        new PushedChange(
            "app",
            List.of("rift"),
            commit,
            commit.substring(0, 7),
            "mcp: edit app",
            "origin/main",
            dir,
            Duration.ofSeconds(10),
            soakWait);
    return Converge.judge(
        new NodeResult<>(new Node("rift", "127.0.0.1:1"), s, null),
        change,
        new Converge.Desired(Optional.of("rift"), true, false, rollback),
        git);
  }

  @Test
  void appliedAndSoakingIsNotDoneAndSaysTheTimeLeft() throws Exception {
    String soaking =
        "{\"phase\":\"soaking\",\"commit\":\"" + commit + "\",\"until\":\"2026-12-03T14:31:12Z\"}";

    Converge.Verdict v = judge(soaking, true);

    assertThat(v.done()).isFalse();
    assertThat(v.failed()).isFalse();
    assertThat(v.detail()).isEqualTo("app soaking (1m12s left)");
    assertThat(v.soakUntil()).isEqualTo(Instant.parse("2026-12-03T14:31:12Z"));
    assertThat(judge(soaking, false).done()).as("--no-soak-wait").isTrue();
  }

  @Test
  void aRollbackEndsTheWaitAndAPassedSoakIsDone() throws Exception {
    Converge.Verdict rolledBack =
        judge(
            "{\"phase\":\"rolled_back\",\"commit\":\"3f2a1c0\",\"reason\":\"api exited (exit code"
                + " 1)\",\"failed_commit\":\""
                + commit
                + "\"}",
            true);
    assertThat(rolledBack.failed()).isTrue();
    assertThat(rolledBack.rollingBack()).isFalse();
    assertThat(rolledBack.detail())
        .isEqualTo(
            "rollout of "
                + commit.substring(0, 7)
                + " failed: api exited (exit code 1); rolled back to 3f2a1c0; "
                + commit.substring(0, 7)
                + " quarantined");

    Converge.Verdict passed = judge("{\"phase\":\"passed\",\"commit\":\"" + commit + "\"}", true);
    assertThat(passed.done()).isTrue();
    assertThat(passed.detail()).startsWith("app running at ");
  }

  @Test
  void aFailedSoakIsLookedAtForTheRollbackOnlyWithOnFailureRollback() throws Exception {
    String failed =
        "{\"phase\":\"failed\",\"commit\":\""
            + commit
            + "\",\"reason\":\"api exited (exit code 1)\",\"failed_commit\":\""
            + commit
            + "\"}";

    Converge.Verdict rollback = judge(failed, true, true);
    assertThat(rollback.failed()).isTrue();
    assertThat(rollback.rollingBack()).isTrue();
    assertThat(rollback.detail()).endsWith("failed: api exited (exit code 1); rolling back");

    Converge.Verdict stay = judge(failed, true, false);
    assertThat(stay.failed()).isTrue();
    assertThat(stay.rollingBack()).as("on_failure = stay: nothing follows").isFalse();
    assertThat(stay.detail()).endsWith("failed: api exited (exit code 1)");
  }

  @Test
  void onFailureComesFromThePushedFile() throws Exception {
    Files.writeString(
        dir.resolve("app.toml"),
        "name = \"app\"\nnode = \"rift\"\n\n[rollout]\non_failure = \"stay\"\n\n"
            + "[[components]]\nname = \"api\"\nimage = \"localhost/x:2\"\n");
    git.ok("commit", "--quiet", "-am", "stay");
    String stay = git.ok("rev-parse", "HEAD");
    PushedChange change =
        new PushedChange(
            "app",
            List.of("rift"),
            stay,
            stay.substring(0, 7),
            "mcp: edit app",
            "origin/main",
            dir,
            Duration.ofSeconds(10),
            true);

    assertThat(Converge.desired(git, change).rollback()).isFalse();
    assertThat(Converge.desired(git, change).node()).contains("rift");
  }

  @Test
  void aLogGetsALinePerPhaseNotPerSecondOfTheCountdown() {
    assertThat(Converge.withoutTimeLeft("rift: app soaking (1m12s left)"))
        .isEqualTo(Converge.withoutTimeLeft("rift: app soaking (0s left)"))
        .isEqualTo("rift: app soaking");
    assertThat(Converge.withoutTimeLeft("rift: app deploying (health gate, 20s left)"))
        .isEqualTo(Converge.withoutTimeLeft("rift: app deploying (health gate, 3s left)"))
        .isNotEqualTo(Converge.withoutTimeLeft("rift: app soaking (20s left)"));
  }
}
