package net.metacircular.mcp.agent.apply;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.HealthResult;
import net.metacircular.mcp.schema.HealthSpec;

/**
 * Waits for a container to become healthy after a create, recreate or start. podman's own health
 * timers need systemd, which nodes without it lack, so the waiter runs {@code podman healthcheck
 * run} itself; podman keeps the failing streak and says "unhealthy" once {@code retries} checks in
 * a row failed after the start period.
 */
public final class HealthWaiter {
  /** Pauses between checks; a test may pass one that advances a fake clock. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private static final Duration MAX_PAUSE = Duration.ofMillis(500);

  private final ContainerRuntime podman;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration deadline;

  public HealthWaiter(ContainerRuntime podman, Clock clock, Sleeper sleeper, Duration deadline) {
    this.podman = podman;
    this.clock = clock;
    this.sleeper = sleeper;
    this.deadline = deadline;
  }

  /** Empty when the container became healthy; otherwise why not, for the failed deploy's event. */
  public Optional<String> await(String container, HealthSpec health) throws InterruptedException {
    Instant until = clock.instant().plus(deadline);
    Duration pause = health.interval().compareTo(MAX_PAUSE) < 0 ? health.interval() : MAX_PAUSE;
    String last = "";
    while (true) {
      HealthResult r = podman.healthcheckRun(container);
      if (r.healthy() || r.status() == HealthResult.Status.NO_HEALTHCHECK) {
        return Optional.empty();
      }
      last = r.output().strip();
      if (podman.inspectHealth(container).orElse("").equals("unhealthy")) {
        return Optional.of("unhealthy" + detail(last));
      }
      if (!clock.instant().isBefore(until)) {
        return Optional.of("not healthy after " + deadline.toSeconds() + "s" + detail(last));
      }
      sleeper.sleep(pause);
    }
  }

  private static String detail(String output) {
    return output.isEmpty() ? "" : ": " + output;
  }
}
