package net.metacircular.mcp.agent.api;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Wakes the event streams when the registry appends an event. The registry's writer only bumps a
 * counter: it never waits for, or hands anything to, a stream, so a slow reader cannot hold it up
 * or make it hold memory. Each stream then reads what is new from the registry at its own pace. A
 * request that waits without a thread (a deploy's health gate) takes a future instead ({@link
 * #after}), completed off the bumping thread.
 */
final class EventSignal {
  private long appended;
  private boolean closed;
  private List<CompletableFuture<Long>> waiting = new ArrayList<>();

  /** An event was appended. */
  void bump() {
    List<CompletableFuture<Long>> woken;
    long now;
    synchronized (this) {
      appended++;
      notifyAll();
      now = appended;
      woken = takeWaiting();
    }
    // completeAsync: what the waiter does next runs on the common pool, not the bumping thread.
    woken.forEach(f -> f.completeAsync(() -> now));
  }

  /** Wakes every stream for good: the API is stopping. */
  void close() {
    List<CompletableFuture<Long>> woken;
    long now;
    synchronized (this) {
      closed = true;
      notifyAll();
      now = appended;
      woken = takeWaiting();
    }
    woken.forEach(f -> f.completeAsync(() -> now));
  }

  private List<CompletableFuture<Long>> takeWaiting() {
    List<CompletableFuture<Long>> taken = waiting;
    waiting = new ArrayList<>();
    return taken;
  }

  /**
   * Completes with the new count once something is signalled after {@code seen} was read, or at
   * once when it was already (or the signal is closed). A waiter that gives up (completes it
   * itself, e.g. {@code completeOnTimeout}) is forgotten.
   */
  synchronized CompletableFuture<Long> after(long seen) {
    if (appended != seen || closed) {
      return CompletableFuture.completedFuture(appended);
    }
    CompletableFuture<Long> f = new CompletableFuture<>();
    waiting.add(f);
    f.whenComplete((n, e) -> forget(f));
    return f;
  }

  private synchronized void forget(CompletableFuture<Long> f) {
    waiting.remove(f);
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
