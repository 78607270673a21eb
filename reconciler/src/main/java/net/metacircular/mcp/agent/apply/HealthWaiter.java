package net.metacircular.mcp.agent.apply;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.HealthResult;
import net.metacircular.mcp.schema.HealthSpec;

/**
 * A container's health gate after a create, recreate or start. podman's own health timers need
 * systemd, which nodes without it lack, so the gate runs {@code podman healthcheck run} itself;
 * podman keeps the failing streak and says "unhealthy" once {@code retries} checks in a row failed
 * after the start period.
 *
 * <p>A deploy's gate is looked at by the reconcile loop ({@link #check}, one look at a time, see
 * {@code rollout.Rollouts}), so that a newer commit can cancel it; a heal, a rollback to the last
 * healthy spec, waits for it in place ({@link #await}).
 */
public final class HealthWaiter {
  /** Pauses between checks; a test may pass one that advances a fake clock. */
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  /** What one look at a gate found. */
  public sealed interface Verdict {
    /** The check passed (or the container has none). */
    record Healthy() implements Verdict {}

    /** Not healthy yet, and the deadline is not reached: look again later. */
    record Pending(String output) implements Verdict {}

    /** Unhealthy (podman's streak of failures) or not healthy by the deadline: why. */
    record Failed(String reason) implements Verdict {}
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

  /** How long a gate may take: {@code [reconcile] health_timeout}. */
  public Duration deadline() {
    return deadline;
  }

  /** Empty when the container became healthy; otherwise why not, for the failed deploy's event. */
  public Optional<String> await(String container, HealthSpec health) throws InterruptedException {
    Instant until = clock.instant().plus(deadline);
    Duration pause = health.interval().compareTo(MAX_PAUSE) < 0 ? health.interval() : MAX_PAUSE;
    while (true) {
      switch (check(container, until)) {
        case Verdict.Healthy h -> {
          return Optional.empty();
        }
        case Verdict.Failed f -> {
          return Optional.of(f.reason());
        }
        case Verdict.Pending p -> sleeper.sleep(pause);
      }
    }
  }

  /** One check of a gate that ends at {@code until}: healthy, pending, or failed and why. */
  public Verdict check(String container, Instant until) {
    HealthResult r = podman.healthcheckRun(container);
    if (r.healthy() || r.status() == HealthResult.Status.NO_HEALTHCHECK) {
      return new Verdict.Healthy();
    }
    String last = r.output().strip();
    if (podman.inspectHealth(container).orElse("").equals("unhealthy")) {
      return new Verdict.Failed("unhealthy" + detail(last));
    }
    if (!clock.instant().isBefore(until)) {
      return new Verdict.Failed("not healthy after " + deadline.toSeconds() + "s" + detail(last));
    }
    return new Verdict.Pending(last);
  }

  private static String detail(String output) {
    return output.isEmpty() ? "" : ": " + output;
  }
}
