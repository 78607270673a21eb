package net.metacircular.mcp.agent.api;

import static net.metacircular.mcp.agent.api.ApiTestAgent.READ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.schema.api.DriftWatchStatus;
import net.metacircular.mcp.schema.api.StatusResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /v1/status} says how drift is found: {@code polling}, with podman's reason and the
 * drift_interval, while {@code podman events} cannot run; {@code events} once the agent follows the
 * stream again (it retries on its backoff by itself). On the in-memory runtime, whose event streams
 * the test makes fail.
 */
class DriftWatchStatusTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String WHY =
      "podman events --format json exited 125: Error: cannot read events: events_logger is"
          + " \"none\"";

  @Test
  void statusSaysPollingAndWhyWhileTheStreamCannotRunAndEventsOnceItCan(@TempDir Path root)
      throws Exception {
    InMemoryRuntime runtime = new InMemoryRuntime();
    runtime.eventsUnavailable(Optional.of(WHY));
    try (ApiTestAgent a =
        new ApiTestAgent(
            root,
            new ApiTestAgent.Setup("n1", Map.of(), Optional.of(runtime), "", "", true, o -> o))) {
      a.sync();
      a.agent.start();
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                DriftWatchStatus w = watch(a);
                assertThat(w.polling()).isTrue();
                assertThat(w.reason()).isEqualTo(WHY);
                assertThat(w.driftInterval()).isNotBlank();
              });

      runtime.eventsUnavailable(Optional.empty());
      await().atMost(WAIT).until(() -> !watch(a).polling());
      DriftWatchStatus w = watch(a);
      assertThat(w.mode()).isEqualTo("events");
      assertThat(w.reason()).isNull();
      assertThat(w.restarts()).isPositive();
    }
  }

  private static DriftWatchStatus watch(ApiTestAgent a) {
    return a.read(a.get("/v1/status", READ), StatusResponse.class).driftWatch();
  }
}
