package net.metacircular.mcp.agent.api;

/**
 * Wakes the event streams when the registry appends an event. The registry's writer only bumps a
 * counter: it never waits for, or hands anything to, a stream, so a slow reader cannot hold it up
 * or make it hold memory. Each stream then reads what is new from the registry at its own pace.
 */
final class EventSignal {
  private long appended;
  private boolean closed;

  /** An event was appended. */
  synchronized void bump() {
    appended++;
    notifyAll();
  }

  /** Wakes every stream for good: the API is stopping. */
  synchronized void close() {
    closed = true;
    notifyAll();
  }

  synchronized boolean closed() {
    return closed;
  }

  /** The count of appends so far, to pass to {@link #await}. */
  synchronized long seen() {
    return appended;
  }

  /**
   * Waits until an event is appended after {@code seen} was read, the signal is closed, or {@code
   * millis} pass; returns the new count.
   */
  synchronized long await(long seen, long millis) throws InterruptedException {
    long until = System.nanoTime() + millis * 1_000_000;
    while (appended == seen && !closed) {
      long left = (until - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        break;
      }
      wait(left);
    }
    return appended;
  }
}
