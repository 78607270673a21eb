package net.metacircular.mcp.cli.read;

import static org.assertj.core.api.Assertions.assertThat;

import net.metacircular.mcp.cli.agent.ApiMapper;
import net.metacircular.mcp.schema.api.StatusResponse;
import org.junit.jupiter.api.Test;

/**
 * {@code mcp status}'s count of problems (its last line and {@code --check}) from the JSON an agent
 * answers: a rollback, a failed rollout, a quarantined component and a suspension are problems; a
 * soak in progress or passed is not.
 */
class StatusRolloutTest {

  private static StatusResponse status(String rollout, String kind, String suspended)
      throws Exception {
    return ApiMapper.get()
        .readValue(
            "{\"node\":\"rift\",\"at\":\"2026-12-03T14:30:00Z\",\"services\":[{\"name\":\"app\","
                + "\"active\":true,\"deploy\":\"auto\",\"components\":[{\"name\":\"api\","
                + "\"container\":\"app-api\",\"desired_image\":\"localhost/x:2\","
                + "\"desired_running\":true,\"observed_state\":\"running\",\"managed\":true,"
                + "\"condition_kind\":\""
                + kind
                + "\",\"condition_detail\":\"d\"}],\"suspended\":"
                + suspended
                + ",\"rollout\":"
                + rollout
                + "}],\"events\":[]}",
            StatusResponse.class);
  }

  @Test
  void aRollbackAndItsQuarantineAreProblems() throws Exception {
    String rolledBack =
        "{\"phase\":\"rolled_back\",\"commit\":\"3f2a1c0\",\"reason\":\"api exited (exit code"
            + " 1)\",\"failed_commit\":\"4c1d2e9\"}";
    assertThat(StatusCommand.problems(status(rolledBack, "quarantined", "null"))).isEqualTo(2);
    assertThat(StatusCommand.problems(status(rolledBack, "ok", "null"))).isEqualTo(1);
    // A failed rollout whose component already says failed is that one problem, not two.
    assertThat(
            StatusCommand.problems(
                status("{\"phase\":\"failed\",\"commit\":\"4c1d2e9\"}", "failed", "null")))
        .isEqualTo(1);
    assertThat(
            StatusCommand.problems(
                status("{\"phase\":\"failed\",\"commit\":\"4c1d2e9\"}", "ok", "null")))
        .isEqualTo(1);
  }

  @Test
  void aSoakInProgressOrPassedIsNoProblemAndASuspensionIs() throws Exception {
    assertThat(
            StatusCommand.problems(
                status(
                    "{\"phase\":\"soaking\",\"commit\":\"4c1d2e9\","
                        + "\"until\":\"2026-12-03T14:31:12Z\"}",
                    "ok",
                    "null")))
        .isZero();
    assertThat(
            StatusCommand.problems(
                status("{\"phase\":\"passed\",\"commit\":\"4c1d2e9\"}", "ok", "null")))
        .isZero();
    assertThat(
            StatusCommand.problems(
                status(
                    "null",
                    "suspended",
                    "{\"target\":\"app\",\"who\":\"alice\",\"reason\":\"disk swap\","
                        + "\"since\":\"2026-12-03T14:00:00Z\"}")))
        .isEqualTo(1);
  }
}
