package net.metacircular.mcp.agent.apply;

import static net.metacircular.mcp.agent.testing.ComponentBuilder.component;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.metacircular.mcp.agent.runtime.RunRequest;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.TestClock;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.HealthSpec;
import org.junit.jupiter.api.Test;

/**
 * The health gate's pace and deadline, in clock time: the in-memory runtime and a {@link TestClock}
 * the waiter's pauses advance, so an 8-second deadline takes no real time. The health transitions
 * it relies on are those {@code ContainerRuntimeContract} proves on podman; the waiter on real
 * podman end to end is {@code ReconcilerPodmanTest} and {@code AgentTest}.
 */
class HealthWaiterTest {
  private static final Duration DEADLINE = Duration.ofSeconds(8);

  private final TestClock clock = new TestClock();
  private final InMemoryRuntime runtime = new InMemoryRuntime(clock);
  private final HealthWaiter waiter = new HealthWaiter(runtime, clock, clock::advance, DEADLINE);

  private static HealthSpec check(Duration interval, int retries) {
    return new HealthSpec(
        List.of("check"), interval, retries, Duration.ZERO, Duration.ofSeconds(5));
  }

  private String run(HealthSpec health) {
    ComponentSpec spec = component("api", runtime.image()).health(health).build();
    runtime.run(new RunRequest(spec, runtime.service("svc"), "h", "c"));
    return runtime.service("svc") + "-api";
  }

  private long checks() {
    return runtime.calls().stream().filter(c -> c.startsWith("healthcheck run")).count();
  }

  @Test
  void aHealthyContainerIsDoneAfterOneCheckWithoutWaiting() throws Exception {
    String name = run(check(Duration.ofSeconds(1), 3));
    Instant start = clock.instant();

    assertThat(waiter.await(name, check(Duration.ofSeconds(1), 3))).isEmpty();

    assertThat(checks()).isEqualTo(1);
    assertThat(clock.instant()).isEqualTo(start);
  }

  @Test
  void aFailingCheckIsUnhealthyAfterRetriesChecksAnIntervalApart() throws Exception {
    HealthSpec health = check(Duration.ofMillis(200), 3);
    String name = run(health);
    runtime.healthCheckFails(name, Optional.of("db unreachable\n"));
    Instant start = clock.instant();

    assertThat(waiter.await(name, health)).contains("unhealthy: db unreachable");

    assertThat(checks()).isEqualTo(3);
    assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMillis(400));
  }

  @Test
  void aCheckThatNeitherPassesNorReachesItsRetriesGivesUpAtTheDeadlineCheckingEveryHalfSecond()
      throws Exception {
    HealthSpec health = check(Duration.ofSeconds(30), 1000);
    String name = run(health);
    runtime.healthCheckFails(name, Optional.of("still warming up"));
    Instant start = clock.instant();

    assertThat(waiter.await(name, health)).contains("not healthy after 8s: still warming up");

    // Pauses are capped at 500 ms: checks at 0, 0.5, … 8 s.
    assertThat(checks()).isEqualTo(17);
    assertThat(Duration.between(start, clock.instant())).isEqualTo(DEADLINE);
  }

  @Test
  void oneLookAtADeploysGateIsPendingUntilItsEndThenFailsWithoutPausing() {
    HealthSpec health = check(Duration.ofSeconds(1), 1000);
    String name = run(health);
    runtime.healthCheckFails(name, Optional.of("still warming up\n"));
    Instant until = clock.instant().plus(DEADLINE);

    // What the loop does between cycles: one check a look, never a pause of its own.
    assertThat(waiter.check(name, until))
        .isEqualTo(new HealthWaiter.Verdict.Pending("still warming up"));
    assertThat(clock.instant()).isEqualTo(until.minus(DEADLINE));
    clock.advance(DEADLINE.minusMillis(1));
    assertThat(waiter.check(name, until)).isInstanceOf(HealthWaiter.Verdict.Pending.class);
    clock.advance(Duration.ofMillis(1));
    assertThat(waiter.check(name, until))
        .isEqualTo(new HealthWaiter.Verdict.Failed("not healthy after 8s: still warming up"));

    runtime.healthCheckFails(name, Optional.empty());
    assertThat(waiter.check(name, until)).isEqualTo(new HealthWaiter.Verdict.Healthy());
    assertThat(checks()).isEqualTo(4);
  }

  @Test
  void aContainerWithoutHealthcheckNeedsNoWait() throws Exception {
    ComponentSpec spec = component("api", runtime.image()).build();
    runtime.run(new RunRequest(spec, runtime.service("svc"), "h", "c"));

    assertThat(waiter.await(runtime.service("svc") + "-api", check(Duration.ofSeconds(1), 1)))
        .isEmpty();
  }
}
