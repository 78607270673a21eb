package net.metacircular.mcp.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import net.metacircular.mcp.agent.apply.PodmanGuard.PodmanBackoffException;
import net.metacircular.mcp.agent.runtime.PodmanException;
import net.metacircular.mcp.agent.runtime.PodmanTimeoutException;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import org.junit.jupiter.api.Test;

/**
 * The retry and breaker policy against a runtime that times out, on the in-memory runtime with an
 * injected fault, counting calls. That real podman turns a hung child into {@link
 * PodmanTimeoutException} is {@code
 * PodmanTest.aCallThatOutlivesItsTimeoutIsKilledAndReportedAsATimeout}; the guard on a flaky real
 * podman end to end is {@code FlakyPodmanTest}.
 */
class PodmanGuardTest {
  private final InMemoryRuntime runtime = new InMemoryRuntime();

  private long calls() {
    return runtime.calls().size();
  }

  @Test
  void aHangingPodmanIsRetriedThenNotHammered() {
    runtime.timeOut("ps", Integer.MAX_VALUE);
    PodmanGuard guard =
        new PodmanGuard(new PodmanGuard.Policy(2, Duration.ofMillis(10), 2, Duration.ofMinutes(1)));

    assertThatThrownBy(() -> guard.call(runtime::ps)).isInstanceOf(PodmanTimeoutException.class);
    assertThat(calls()).isEqualTo(2); // first try and one retry
    assertThatThrownBy(() -> guard.call(runtime::ps)).isInstanceOf(PodmanTimeoutException.class);
    assertThat(guard.open()).isTrue();

    long before = calls();
    assertThatThrownBy(() -> guard.call(runtime::ps))
        .isInstanceOf(PodmanBackoffException.class)
        .hasMessageStartingWith("podman has been failing; not calling it again for up to");
    assertThat(calls()).isEqualTo(before);
  }

  @Test
  void aTimeoutThatClearsIsRetriedIntoSuccess() {
    runtime.timeOut("ps", 1);
    PodmanGuard guard =
        new PodmanGuard(new PodmanGuard.Policy(3, Duration.ofMillis(10), 6, Duration.ofMinutes(1)));

    assertThat(guard.call(runtime::ps)).isEmpty();
    assertThat(runtime.calls()).containsExactly("ps", "ps");
    assertThat(guard.open()).isFalse();
  }

  @Test
  void anErrorPodmanAnsweredIsNotRetried() {
    PodmanGuard guard = new PodmanGuard(PodmanGuard.Policy.DEFAULT);

    assertThatThrownBy(() -> guard.run(() -> runtime.start(runtime.name("missing"))))
        .isInstanceOf(PodmanException.class)
        .isNotInstanceOf(PodmanTimeoutException.class);
    assertThat(calls()).isEqualTo(1);
    assertThat(guard.open()).isFalse();
  }
}
