package net.metacircular.mcp.agent.webhook;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one fetch for a burst of requests: the first request schedules the fetch a short window
 * later and the requests that arrive before it starts join it. A git host sends one webhook per
 * pushed ref and retries, so a push of several branches or a redelivery would otherwise fetch
 * several times for one change.
 *
 * <p>The pending mark is cleared as the fetch starts, not when it ends: a push that lands while a
 * fetch runs may not be in it, so its webhook schedules one more.
 */
public final class CoalescingTrigger implements FetchTrigger {
  private static final Logger LOG = LoggerFactory.getLogger(CoalescingTrigger.class);

  private final ScheduledExecutorService scheduler;
  private final Duration window;
  private final Runnable fetch;
  private final AtomicBoolean pending = new AtomicBoolean();

  /**
   * @param scheduler runs the fetch; a single thread keeps fetches from overlapping
   * @param window how long to wait for more requests before fetching; zero fetches at once, and the
   *     requests that arrive during the fetch still coalesce into one more
   * @param fetch the fetch (and reconcile) itself
   */
  public CoalescingTrigger(ScheduledExecutorService scheduler, Duration window, Runnable fetch) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.window = Objects.requireNonNull(window, "window");
    this.fetch = Objects.requireNonNull(fetch, "fetch");
    if (window.isNegative()) {
      throw new IllegalArgumentException("coalescing window must not be negative: " + window);
    }
  }

  @Override
  public void requestFetch() {
    if (!pending.compareAndSet(false, true)) {
      return; // a scheduled fetch that has not started yet will cover this request
    }
    try {
      // runFetch catches its own failures, so the future has nothing to report.
      var unused = scheduler.schedule(this::runFetch, window.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // The agent is shutting down; the next start fetches anyway.
      pending.set(false);
      LOG.info("fetch request dropped: the agent is shutting down");
    }
  }

  private void runFetch() {
    pending.set(false);
    try {
      fetch.run();
    } catch (RuntimeException e) {
      // The fetch reports its own failures in status and events; this keeps the scheduler alive.
      LOG.warn("webhook-triggered fetch failed: {}", e.toString());
    }
  }
}
