package net.metacircular.mcp.agent.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one clock tests move by hand (registry expiry, API rate windows, health deadlines, the
 * in-memory runtime's start times). Thread-safe: a reconcile thread may read it while the test
 * advances it.
 */
public final class TestClock extends Clock {
  /** Where a test clock starts unless told otherwise. */
  public static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  private final AtomicReference<Instant> now;

  public TestClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  public TestClock() {
    this(START);
  }

  /** Moves the clock on by {@code d}; returns the new time. */
  public Instant advance(Duration d) {
    return now.updateAndGet(t -> t.plus(d));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
