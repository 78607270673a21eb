package net.metacircular.mcp.cli.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import net.metacircular.mcp.schema.api.RolloutInfo;
import org.junit.jupiter.api.Test;

/**
 * What the CLI's waits and {@code mcp status} make of a service's rollout, fed the JSON an agent
 * answers in {@code GET /v1/status} (DESIGN.md, "Rollout"): wait through a gate or soak of the
 * commit waited for, end on its failure or rollback, ignore one about an older commit.
 */
class RolloutTextTest {
  private static final Instant NOW = Instant.parse("2026-12-03T14:30:00Z");
  private static final String NEW = "4c1d2e9aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
  private static final String OLD = "3f2a1c0bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
  private static final Predicate<String> AT_NEW = NEW::equals;

  private static RolloutInfo rollout(String json) throws Exception {
    return ApiMapper.get().readValue(json, RolloutInfo.class);
  }

  @Test
  void aSoakOfTheCommitWaitedForIsWaitedThroughWithTheTimeLeft() throws Exception {
    RolloutInfo r =
        rollout(
            "{\"phase\":\"soaking\",\"commit\":\""
                + NEW
                + "\",\"since\":\"2026-12-03T14:29:00Z\",\"until\":\"2026-12-03T14:31:12Z\"}");

    Optional<RolloutText.Step> step = RolloutText.step(r, AT_NEW, true, true, NOW);

    assertThat(step).isPresent();
    assertThat(step.get().failed()).isFalse();
    assertThat(step.get().text()).isEqualTo("soaking (1m12s left)");
    assertThat(step.get().until()).isEqualTo(Instant.parse("2026-12-03T14:31:12Z"));
    // --no-soak-wait: nothing to wait for once applied.
    assertThat(RolloutText.step(r, AT_NEW, false, true, NOW)).isEmpty();
  }

  @Test
  void aHealthGateInProgressIsWaitedThroughToo() throws Exception {
    RolloutInfo r =
        rollout(
            "{\"phase\":\"deploying\",\"commit\":\""
                + NEW
                + "\",\"since\":\"2026-12-03T14:29:50Z\",\"until\":\"2026-12-03T14:30:20Z\"}");

    assertThat(RolloutText.step(r, AT_NEW, true, true, NOW).orElseThrow().text())
        .isEqualTo("deploying (health gate, 20s left)");
  }

  @Test
  void aRollbackOfTheCommitWaitedForEndsTheWaitWithTheReason() throws Exception {
    RolloutInfo r =
        rollout(
            "{\"phase\":\"rolled_back\",\"commit\":\""
                + OLD
                + "\",\"since\":\"2026-12-03T14:29:55Z\",\"until\":null,\"reason\":\"metacrypt-api"
                + " restarted 3 times (exit 1)\",\"failed_commit\":\""
                + NEW
                + "\"}");

    RolloutText.Step step = RolloutText.step(r, AT_NEW, true, true, NOW).orElseThrow();

    assertThat(step.failed()).isTrue();
    assertThat(step.rollingBack()).isFalse();
    assertThat(step.text())
        .isEqualTo(
            "rollout of 4c1d2e9 failed: metacrypt-api restarted 3 times (exit 1); rolled back to"
                + " 3f2a1c0; 4c1d2e9 quarantined");
    // mcp status says it its own way, the rollback first.
    assertThat(RolloutText.failure(r))
        .isEqualTo(
            "rolled back: metacrypt-api restarted 3 times (exit 1); 4c1d2e9 quarantined,"
                + " running 3f2a1c0");
    // Even with --no-soak-wait: the agent already said it failed.
    assertThat(RolloutText.step(r, AT_NEW, false, true, NOW).orElseThrow().failed()).isTrue();
  }

  @Test
  void aFailedSoakWithOnFailureStayEndsTheWaitAtOnce() throws Exception {
    RolloutInfo r = failedSoak("exited (exit code 1)");

    RolloutText.Step step = RolloutText.step(r, AT_NEW, true, false, NOW).orElseThrow();
    assertThat(step.failed()).isTrue();
    assertThat(step.rollingBack()).isFalse();
    assertThat(step.text()).isEqualTo("rollout of 4c1d2e9 failed: exited (exit code 1)");
  }

  @Test
  void aFailedSoakWithOnFailureRollbackIsLookedAtUntilTheRollbacksOutcome() throws Exception {
    RolloutInfo r = failedSoak("exited (exit code 1)");

    RolloutText.Step step = RolloutText.step(r, AT_NEW, true, true, NOW).orElseThrow();

    assertThat(step.failed()).isTrue();
    assertThat(step.rollingBack()).isTrue();
    assertThat(step.text())
        .isEqualTo("rollout of 4c1d2e9 failed: exited (exit code 1); rolling back");
    assertThat(RolloutText.stillRollingBack(step.text()))
        .isEqualTo(
            "rollout of 4c1d2e9 failed: exited (exit code 1); rolling back (no outcome after 30s:"
                + " the agent is still at it)");
  }

  @Test
  void aFirstDeployWithNothingToRollBackToEndsTheWaitAtOnceSayingSo() throws Exception {
    // The agent's words when no earlier spec passed (Rollouts.failed).
    RolloutInfo r =
        failedSoak(
            "exited (exit code 1); no earlier healthy spec to roll back to: left as it is for"
                + " inspection");

    RolloutText.Step step = RolloutText.step(r, AT_NEW, true, true, NOW).orElseThrow();

    assertThat(step.failed()).isTrue();
    assertThat(step.rollingBack()).isFalse();
    assertThat(step.text())
        .isEqualTo(
            "rollout of 4c1d2e9 failed: exited (exit code 1); no earlier healthy spec to roll back"
                + " to: left as it is for inspection");
  }

  @Test
  void aRollbackThatFailedItselfEndsTheWaitSayingSo() throws Exception {
    // The agent names the commit it went back to, and the failed one.
    RolloutInfo r =
        rollout(
            "{\"phase\":\"failed\",\"commit\":\""
                + OLD
                + "\",\"reason\":\"the rollback of app to 3f2a1c0 failed: podman run: no space"
                + " left on device; left alone: fix forward with a new commit, or mcp deploy app"
                + " --force\",\"failed_commit\":\""
                + NEW
                + "\"}");

    RolloutText.Step step = RolloutText.step(r, AT_NEW, true, true, NOW).orElseThrow();

    assertThat(step.failed()).isTrue();
    assertThat(step.rollingBack()).isFalse();
    assertThat(step.text())
        .isEqualTo(
            "rollout of 4c1d2e9 failed, then the rollback of app to 3f2a1c0 failed: podman run:"
                + " no space left on device; left alone: fix forward with a new commit, or mcp"
                + " deploy app --force");
  }

  /** A gate or soak of {@code NEW} failed, as the agent says it before its rollback. */
  private static RolloutInfo failedSoak(String reason) throws Exception {
    return rollout(
        "{\"phase\":\"failed\",\"commit\":\""
            + NEW
            + "\",\"reason\":\""
            + reason
            + "\",\"failed_commit\":\""
            + NEW
            + "\"}");
  }

  @Test
  void aPassedSoakOrOneAboutAnOlderCommitHasNothingToSay() throws Exception {
    assertThat(
            RolloutText.step(
                rollout("{\"phase\":\"passed\",\"commit\":\"" + NEW + "\"}"),
                AT_NEW,
                true,
                true,
                NOW))
        .isEmpty();
    RolloutInfo olderRollback =
        rollout(
            "{\"phase\":\"rolled_back\",\"commit\":\"1111111\",\"reason\":\"x\","
                + "\"failed_commit\":\""
                + OLD
                + "\"}");
    assertThat(RolloutText.step(olderRollback, AT_NEW, true, true, NOW)).isEmpty();
    RolloutInfo olderSoak = rollout("{\"phase\":\"soaking\",\"commit\":\"" + OLD + "\"}");
    assertThat(RolloutText.step(olderSoak, AT_NEW, true, true, NOW)).isEmpty();
    assertThat(RolloutText.step(null, AT_NEW, true, true, NOW)).isEmpty();
  }
}
