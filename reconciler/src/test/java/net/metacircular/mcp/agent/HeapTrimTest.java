package net.metacircular.mcp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The agent's periodic heap trim: its interval and that it keeps going (no podman). */
class HeapTrimTest {
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    scheduler.shutdownNow();
  }

  @Test
  void theIntervalIsAMinuteUnlessThePropertySaysOtherwise() {
    assertThat(HeapTrim.interval(Optional.empty())).isEqualTo(Duration.ofMinutes(1));
    assertThat(HeapTrim.interval(Optional.of("PT30S"))).isEqualTo(Duration.ofSeconds(30));
    assertThat(HeapTrim.interval(Optional.of("PT1S"))).isEqualTo(Duration.ofSeconds(1));
    assertThat(HeapTrim.interval(Optional.of(" PT1H "))).isEqualTo(Duration.ofHours(1));
    assertThat(HeapTrim.interval(Optional.of("0"))).isZero();
    assertThat(HeapTrim.interval(Optional.of("PT0S"))).isZero();
  }

  @Test
  void aBadIntervalIsRefusedNamingThePropertyTheValueAndTheForm() {
    for (String bad : new String[] {"5m", "-PT1M", "", "PT0.0001S", "PT0.5S"}) {
      assertThatThrownBy(() -> HeapTrim.interval(Optional.of(bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "-Dmcp.heapTrimInterval="
                  + bad.strip()
                  + " is not an interval: use an ISO-8601 duration of a second or more such as"
                  + " PT5M, or 0 for no trims");
    }
  }

  @Test
  void collectsAtEachIntervalAndGoesOnAfterAFailure() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch three = new CountDownLatch(3);
    HeapTrim trim =
        new HeapTrim(
            Duration.ofMillis(20),
            () -> {
              int call = calls.incrementAndGet();
              three.countDown();
              if (call == 1) {
                throw new IllegalStateException("the first collection fails");
              }
            });

    assertThat(trim.start(scheduler)).isTrue();

    assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(calls.get()).isGreaterThanOrEqualTo(3);
  }

  @Test
  void failuresInARowAreCountedUntilATrimWorksAgain() {
    AtomicInteger calls = new AtomicInteger();
    HeapTrim trim =
        new HeapTrim(
            Duration.ofMinutes(1),
            () -> {
              if (calls.incrementAndGet() <= 3) {
                throw new IllegalStateException("collection " + calls.get() + " fails");
              }
            });

    trim.trim();
    trim.trim();
    trim.trim();
    assertThat(trim.failuresInARow()).isEqualTo(3);
    trim.trim();
    assertThat(trim.failuresInARow()).isZero();
    assertThat(calls.get()).isEqualTo(4);
  }

  @Test
  void aZeroIntervalSchedulesNothing() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    HeapTrim trim = new HeapTrim(Duration.ZERO, calls::incrementAndGet);

    assertThat(trim.start(scheduler)).isFalse();

    scheduler.schedule(() -> {}, 0, TimeUnit.MILLISECONDS);
    scheduler.shutdown();
    assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    assertThat(calls.get()).isZero();
  }
}
