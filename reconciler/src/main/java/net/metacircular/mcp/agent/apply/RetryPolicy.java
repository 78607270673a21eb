package net.metacircular.mcp.agent.apply;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When a component whose last action failed is tried again (in the manner of JOSDK's {@code
 * GenericRetry}): after a transient failure, {@code first} (10 s), doubling with each failure in a
 * row up to {@code cap} (10 min); after a permanent one, {@code cap} at once, since only a person
 * can mend it and a retry then merely notices that they did. Each wait is shortened by up to {@code
 * jitter} of itself, at random, so that components failing together (a registry down) do not all
 * come back in the same second; a wait never exceeds the cap.
 *
 * <p>The clock and the random source are given, so that tests decide both.
 */
public final class RetryPolicy {
  public static final Duration FIRST = Duration.ofSeconds(10);
  public static final Duration CAP = Duration.ofMinutes(10);
  public static final double JITTER = 0.2;

  private final Duration first;
  private final Duration cap;
  private final double jitter;
  private final Clock clock;
  private final RandomGenerator random;

  public RetryPolicy(
      Duration first, Duration cap, double jitter, Clock clock, RandomGenerator random) {
    if (first.isNegative() || first.isZero() || cap.compareTo(first) < 0) {
      throw new IllegalArgumentException(
          "retry waits must be positive and first <= cap, got " + first + " and " + cap);
    }
    if (jitter < 0 || jitter >= 1) {
      throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
    }
    this.first = first;
    this.cap = cap;
    this.jitter = jitter;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
  }

  /** 10 s doubling to 10 min, 20% jitter. */
  public static RetryPolicy standard(Clock clock, RandomGenerator random) {
    return new RetryPolicy(FIRST, CAP, JITTER, clock, random);
  }

  /**
   * The wait after the {@code attempts}-th failure in a row (1 for the first), before jitter.
   * Permanent failures wait the cap.
   */
  public Duration backoff(int attempts, boolean permanent) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts start at 1, got " + attempts);
    }
    if (permanent) {
      return cap;
    }
    // Doubling 2^(attempts-1) overflows long after it passed any sensible cap: stop early.
    int doublings = Math.min(attempts - 1, 40);
    long millis = first.toMillis() << doublings;
    return millis <= 0 || millis >= cap.toMillis() ? cap : Duration.ofMillis(millis);
  }

  /** When to try again, failing now for the {@code attempts}-th time in a row. */
  public Instant nextRetry(int attempts, boolean permanent) {
    Duration wait = backoff(attempts, permanent);
    long shortened = (long) (wait.toMillis() * jitter * random.nextDouble());
    return clock.instant().plus(wait.minusMillis(shortened));
  }

  /** Whether a component to be tried again at {@code nextRetry} may be tried now. */
  public boolean due(Instant nextRetry) {
    return !clock.instant().isBefore(nextRetry);
  }

  /** The clock the policy reads: the one its callers stamp last tries with. */
  public Clock clock() {
    return clock;
  }
}
