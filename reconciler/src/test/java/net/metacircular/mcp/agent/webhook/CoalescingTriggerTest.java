package net.metacircular.mcp.agent.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counts fetches, never times them: every test ends by shutting the scheduler down and waiting for
 * it, which runs whatever was still scheduled, so the counts are final whatever the machine's
 * speed.
 */
class CoalescingTriggerTest {
  private static final Duration WINDOW = Duration.ofMillis(200);

  @TempDir Path tmp;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
  private final AtomicInteger fetches = new AtomicInteger();

  @AfterEach
  void tearDown() {
    scheduler.shutdownNow();
  }

  private void drain() throws InterruptedException {
    scheduler.shutdown();
    assertThat(scheduler.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aBurstOfTwentyWebhooksFetchesOnce() throws Exception {
    Path secretFile = Files.writeString(tmp.resolve("secret"), "s3cret\n");
    CountDownLatch fetched = new CountDownLatch(1);
    CoalescingTrigger trigger =
        new CoalescingTrigger(
            scheduler,
            WINDOW,
            () -> {
              fetches.incrementAndGet();
              fetched.countDown();
            });
    WebhookHandler handler = new WebhookHandler(Optional.of(secretFile), "main", trigger);
    byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
    String signature =
        HexFormat.of()
            .formatHex(GitHost.hmacSha256("s3cret".getBytes(StandardCharsets.UTF_8), body));
    Map<String, String> headers =
        Map.of("X-GitHub-Event", "push", "X-Hub-Signature-256", "sha256=" + signature);

    // The scheduler's one thread is held until the burst is over, so that the window cannot
    // close inside the burst however slow the machine (20 HMACs took over 400 ms at load 25).
    CountDownLatch burstOver = new CountDownLatch(1);
    scheduler.execute(
        () -> {
          try {
            burstOver.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    for (int i = 0; i < 20; i++) {
      assertThat(handler.handle(headers, body).triggered()).isTrue();
    }
    burstOver.countDown();
    assertThat(fetched.await(30, TimeUnit.SECONDS)).isTrue();
    drain();

    assertThat(fetches.get()).isEqualTo(1);
  }

  @Test
  void aRequestAfterTheFetchRanFetchesAgain() throws Exception {
    CountDownLatch first = new CountDownLatch(1);
    CoalescingTrigger trigger =
        new CoalescingTrigger(
            scheduler,
            WINDOW,
            () -> {
              fetches.incrementAndGet();
              first.countDown();
            });

    trigger.requestFetch();
    assertThat(first.await(30, TimeUnit.SECONDS)).isTrue();
    trigger.requestFetch();
    drain();

    assertThat(fetches).hasValue(2);
  }

  @Test
  void aRequestDuringARunningFetchSchedulesOneMore() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CoalescingTrigger trigger =
        new CoalescingTrigger(
            scheduler,
            Duration.ZERO,
            () -> {
              if (fetches.incrementAndGet() == 1) {
                started.countDown();
                awaitQuietly(release);
              }
            });

    trigger.requestFetch();
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    // The push behind these may have missed the running fetch: they must cause one more, not three.
    trigger.requestFetch();
    trigger.requestFetch();
    trigger.requestFetch();
    release.countDown();
    drain();

    assertThat(fetches).hasValue(2);
  }

  @Test
  void aFailingFetchDoesNotStopLaterOnes() throws Exception {
    CountDownLatch first = new CountDownLatch(1);
    CoalescingTrigger trigger =
        new CoalescingTrigger(
            scheduler,
            Duration.ZERO,
            () -> {
              fetches.incrementAndGet();
              first.countDown();
              throw new IllegalStateException("remote unreachable");
            });

    trigger.requestFetch();
    assertThat(first.await(30, TimeUnit.SECONDS)).isTrue();
    trigger.requestFetch();
    drain();

    assertThat(fetches).hasValue(2);
  }

  @Test
  void requestsAfterShutdownAreDroppedQuietly() {
    CoalescingTrigger trigger = new CoalescingTrigger(scheduler, WINDOW, fetches::incrementAndGet);
    scheduler.shutdown();

    trigger.requestFetch();

    assertThat(fetches).hasValue(0);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
