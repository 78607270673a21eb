package net.metacircular.mcp.agent.api;

import java.util.List;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.agent.runtime.ObservedContainer;

/**
 * {@code podman ps} for the read routes ({@code /v1/status}, {@code /v1/ps}), shared between
 * concurrent requests. podman serialises concurrent calls internally, so fifty requests each
 * running their own {@code podman ps} take fifty times as long as one; here a request waits for the
 * next call to start and every request waiting when it starts gets its answer. A request never
 * joins a call already running (whose answer could predate the request, e.g. miss a container a
 * deploy just made), so each answer still comes from a {@code podman ps} begun after the request
 * arrived. A burst of requests is then at most two calls in a row.
 */
final class SharedPs {
  private final ContainerRuntime podman;
  private final Object lock = new Object();

  /** Whether a call is running; guarded by {@code lock}. */
  private boolean running;

  /** The call the requests waiting now will share, or null; guarded by {@code lock}. */
  private Call next;

  /** One {@code podman ps} and the requests it answers; fields guarded by {@code lock}. */
  private static final class Call {
    private boolean done;
    private List<ObservedContainer> containers;
    private RuntimeException error;

    List<ObservedContainer> answer() {
      if (error != null) {
        throw error;
      }
      return containers;
    }
  }

  SharedPs(ContainerRuntime podman) {
    this.podman = podman;
  }

  /** Every container, as {@link ContainerRuntime#ps} returns them (or its exception). */
  List<ObservedContainer> ps() {
    Call mine;
    synchronized (lock) {
      if (next == null) {
        next = new Call();
      }
      mine = next;
      while (running && !mine.done) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw ApiException.unavailable("interrupted while waiting for podman ps");
        }
      }
      if (mine.done) {
        return mine.answer();
      }
      // No call runs and nobody has started this one: this request runs it for all its waiters.
      running = true;
      next = null;
    }
    List<ObservedContainer> containers = null;
    RuntimeException error = null;
    try {
      containers = podman.ps();
    } catch (RuntimeException e) {
      error = e;
    } finally {
      synchronized (lock) {
        mine.containers = containers;
        mine.error =
            error != null || containers != null
                ? error
                : new IllegalStateException("podman ps ended without an answer");
        mine.done = true;
        running = false;
        lock.notifyAll();
      }
    }
    synchronized (lock) {
      return mine.answer();
    }
  }
}
