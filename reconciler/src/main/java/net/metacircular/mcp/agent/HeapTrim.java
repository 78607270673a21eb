package net.metacircular.mcp.agent;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full collection of the heap at a fixed interval, so that the agent's resident memory goes back
 * down after a burst of work. The agent runs on the serial collector (bin/lib/agent-java-opts.sh),
 * which expands the old generation while changes are applied and resizes it only after a full
 * collection; nothing else starts one in a daemon that mostly waits on podman. With the launcher's
 * {@code -XX:MaxHeapFreeRatio}, each trim gives the unused part back to the system: the same idea
 * as G1's {@code G1PeriodicGCInterval}, whose collector costs more than it saves here. A collection
 * of the agent's 16-20 MB of live objects takes tens of milliseconds.
 */
final class HeapTrim {
  /**
   * The interval when the operator sets none. Every minute, not every five: what the no-op syncs
   * promote between trims then stays a few MiB (docs/benchmarks.md, section 5), for a collection of
   * 50-115 ms of CPU a minute.
   */
  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

  /** The system property that sets the interval (an ISO-8601 duration of 1 s or more, 0: none). */
  static final String PROPERTY = "mcp.heapTrimInterval";

  private static final Logger LOG = LoggerFactory.getLogger(HeapTrim.class);

  private final Duration interval;
  private final Runnable collect;

  /** Trims that failed since the last that worked. */
  private final AtomicInteger failuresInARow = new AtomicInteger();

  HeapTrim(Duration interval, Runnable collect) {
    if (interval.isNegative()) {
      throw new IllegalArgumentException("the heap trim interval is negative: " + interval);
    }
    this.interval = interval;
    this.collect = collect;
  }

  /**
   * The interval the property {@value #PROPERTY} asks for: absent means {@link #DEFAULT_INTERVAL},
   * {@code 0} (or {@code PT0S}) means no trims.
   *
   * @throws IllegalArgumentException naming the property and the bad value
   */
  static Duration interval(Optional<String> property) {
    if (property.isEmpty()) {
      return DEFAULT_INTERVAL;
    }
    String value = property.get().strip();
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    try {
      Duration d = Duration.parse(value);
      if (d.isZero() || d.compareTo(Duration.ofSeconds(1)) >= 0) {
        return d;
      }
    } catch (DateTimeParseException e) {
      // Falls through to the message below, which says what is expected.
    }
    throw new IllegalArgumentException(
        "-D"
            + PROPERTY
            + "="
            + value
            + " is not an interval: use an ISO-8601 duration of a second or more such as PT5M, or 0"
            + " for no trims");
  }

  /** Schedules the trims on {@code scheduler}; a zero interval schedules nothing. */
  boolean start(ScheduledExecutorService scheduler) {
    if (interval.isZero()) {
      return false;
    }
    long millis = Math.max(1, interval.toMillis());
    scheduler.scheduleWithFixedDelay(this::trim, millis, millis, TimeUnit.MILLISECONDS);
    return true;
  }

  /**
   * One trim. A failure is logged once, with what follows: the next interval tries again (the
   * scheduled task must not die of it), and failures in a row are counted, not logged each minute,
   * until a trim works again.
   */
  void trim() {
    try {
      collect.run();
      int failed = failuresInARow.getAndSet(0);
      if (failed > 0) {
        LOG.info("heap trim works again, after {} failed in a row", failed);
      }
    } catch (RuntimeException e) {
      if (failuresInARow.incrementAndGet() == 1) {
        LOG.warn(
            "heap trim failed: {} (tried again every {}; failures in a row are counted, not"
                + " logged, until one works)",
            e,
            interval);
      }
    }
  }

  /** Trims that failed since the last one that worked (read by tests). */
  int failuresInARow() {
    return failuresInARow.get();
  }
}
