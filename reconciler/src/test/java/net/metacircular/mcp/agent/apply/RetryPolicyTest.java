package net.metacircular.mcp.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import net.metacircular.mcp.agent.testing.TestClock;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final TestClock clock = new TestClock();

  /** A random source that always draws {@code value} from [0, 1). */
  private static RandomGenerator always(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException("the policy draws doubles");
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  @Test
  void transientFailuresWaitTenSecondsDoublingToTheTenMinuteCap() {
    RetryPolicy policy = RetryPolicy.standard(clock, always(0));

    List<Duration> waits = new ArrayList<>();
    for (int attempts = 1; attempts <= 9; attempts++) {
      waits.add(policy.backoff(attempts, false));
    }

    assertThat(waits)
        .containsExactly(
            Duration.ofSeconds(10),
            Duration.ofSeconds(20),
            Duration.ofSeconds(40),
            Duration.ofSeconds(80),
            Duration.ofSeconds(160),
            Duration.ofSeconds(320),
            Duration.ofMinutes(10),
            Duration.ofMinutes(10),
            Duration.ofMinutes(10));
    assertThat(policy.backoff(1_000, false)).isEqualTo(Duration.ofMinutes(10));
  }

  @Test
  void aPermanentFailureWaitsTheCapAtOnce() {
    RetryPolicy policy = RetryPolicy.standard(clock, always(0));

    assertThat(policy.backoff(1, true)).isEqualTo(Duration.ofMinutes(10));
    assertThat(policy.nextRetry(1, true)).isEqualTo(TestClock.START.plus(Duration.ofMinutes(10)));
  }

  @Test
  void jitterShortensAWaitByUpToAFifthAndNeverPassesTheCap() {
    Instant now = TestClock.START;

    assertThat(RetryPolicy.standard(clock, always(0)).nextRetry(1, false))
        .isEqualTo(now.plusSeconds(10));
    assertThat(RetryPolicy.standard(clock, always(0.5)).nextRetry(1, false))
        .isEqualTo(now.plusSeconds(9));
    assertThat(RetryPolicy.standard(clock, always(0.999_999)).nextRetry(1, false))
        .isAfter(now.plusSeconds(8))
        .isBeforeOrEqualTo(now.plusMillis(8_001));
    assertThat(RetryPolicy.standard(clock, always(0.999_999)).nextRetry(20, false))
        .isAfter(now.plus(Duration.ofMinutes(8)))
        .isBeforeOrEqualTo(now.plus(Duration.ofMinutes(10)));
  }

  @Test
  void aComponentIsDueOnceTheClockReachesItsNextRetry() {
    RetryPolicy policy = RetryPolicy.standard(clock, always(0));
    Instant next = policy.nextRetry(2, false);

    assertThat(policy.due(next)).isFalse();
    clock.advance(Duration.ofSeconds(19));
    assertThat(policy.due(next)).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(policy.due(next)).isTrue();
  }

  @Test
  void nonsenseSettingsAreRefused() {
    RandomGenerator r = always(0);
    assertThatThrownBy(() -> new RetryPolicy(Duration.ZERO, Duration.ofMinutes(1), 0, clock, r))
        .hasMessageContaining("positive");
    assertThatThrownBy(
            () -> new RetryPolicy(Duration.ofMinutes(2), Duration.ofMinutes(1), 0, clock, r))
        .hasMessageContaining("first <= cap");
    assertThatThrownBy(
            () -> new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(1), 1.0, clock, r))
        .hasMessageContaining("jitter");
    assertThatThrownBy(() -> RetryPolicy.standard(clock, r).backoff(0, false))
        .hasMessageContaining("attempts start at 1");
  }
}
