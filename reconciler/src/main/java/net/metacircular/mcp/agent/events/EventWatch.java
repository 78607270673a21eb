package net.metacircular.mcp.agent.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.EventStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows podman's event stream as a supervised child: when it ends (podman events killed, podman
 * upgraded, an events logger it cannot read) it is started again after a backoff that doubles up to
 * {@link #MAX_BACKOFF}, and each (re)start asks for a full reconcile, so that nothing that happened
 * in the gap is missed (the new stream also replays events since the last one seen). While it is
 * not followed, status says {@code polling} with podman's reason and the {@code drift_interval}
 * backstop finds drift alone.
 */
public final class EventWatch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventWatch.class);

  static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  /** A stream that lasted this long was healthy: the next restart waits the first backoff again. */
  static final Duration STABLE = Duration.ofMinutes(1);

  private final ContainerRuntime runtime;
  private final String node;
  private final EventRouter router;
  private final Runnable fullReconcile;
  private final Clock clock;
  private final Thread thread;
  private volatile boolean closed;
  private volatile EventStream current;
  private volatile WatchState state;

  /**
   * @param node the agent's node: the deaths of its own containers are the ones worth an OOM
   *     inspect ({@link ContainerRuntime#events})
   * @param fullReconcile asked for each time the stream (re)starts
   */
  public EventWatch(
      ContainerRuntime runtime,
      String node,
      EventRouter router,
      Runnable fullReconcile,
      Clock clock) {
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.node = Objects.requireNonNull(node, "node");
    this.router = Objects.requireNonNull(router, "router");
    this.fullReconcile = Objects.requireNonNull(fullReconcile, "fullReconcile");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.state =
        new WatchState(WatchState.POLLING, Optional.of("not started yet"), clock.instant(), 0);
    this.thread = new Thread(this::follow, "mcp-event-watch");
    this.thread.setDaemon(true);
  }

  public EventWatch start() {
    thread.start();
    return this;
  }

  public WatchState state() {
    return state;
  }

  public EventRouter router() {
    return router;
  }

  private void follow() {
    Instant since = clock.instant();
    Duration backoff = FIRST_BACKOFF;
    long restarts = 0;
    while (!closed) {
      Instant started = clock.instant();
      current = runtime.events(since, node, router);
      if (closed) {
        current.close();
        return;
      }
      state = new WatchState(WatchState.EVENTS, Optional.empty(), started, restarts);
      fullReconcile.run();
      String why;
      try {
        why = current.awaitEnd();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (closed) {
        return;
      }
      Instant ended = clock.instant();
      if (Duration.between(started, ended).compareTo(STABLE) >= 0) {
        backoff = FIRST_BACKOFF;
      }
      state = new WatchState(WatchState.POLLING, Optional.of(why), ended, restarts);
      LOG.warn(
          "podman's event stream ended, drift is found by polling until it is back (retry in {}): {}",
          backoff,
          why);
      // Replay from the last event seen (or this stream's start): the gap is covered twice over,
      // by the replay and by the full reconcile the restart asks for.
      since =
          router
              .lastEvent()
              .filter(t -> t.isAfter(started))
              .map(t -> t.plusNanos(1))
              .orElse(started);
      try {
        Thread.sleep(backoff.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
      restarts++;
      LOG.info("following podman's event stream again (restart {})", restarts);
    }
  }

  @Override
  public void close() {
    closed = true;
    EventStream s = current;
    if (s != null) {
      s.close();
    }
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
