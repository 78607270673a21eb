package net.metacircular.mcp.agent.source;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When to poll next: {@code poll_interval} plus or minus up to 10%, so that agents started together
 * do not all fetch at the same moment.
 */
public final class PollSchedule {
  /** The largest jitter, as a fraction of the interval. */
  public static final double JITTER = 0.10;

  private final Duration interval;
  private final RandomGenerator random;

  /**
   * @param interval the configured poll interval; positive
   * @param random the random source (a fixed seed in tests)
   */
  public PollSchedule(Duration interval, RandomGenerator random) {
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("poll interval must be positive: " + interval);
    }
    this.interval = interval;
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The delay before the next poll, in [0.9, 1.1] times the interval (at least 1 ms). */
  public Duration nextDelay() {
    double factor = 1.0 + JITTER * (2.0 * random.nextDouble() - 1.0);
    long millis = Math.round(interval.toMillis() * factor);
    return Duration.ofMillis(Math.max(1, millis));
  }

  public Duration interval() {
    return interval;
  }
}
