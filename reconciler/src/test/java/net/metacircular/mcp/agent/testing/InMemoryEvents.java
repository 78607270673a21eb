package net.metacircular.mcp.agent.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import net.metacircular.mcp.agent.runtime.EventStream;
import net.metacircular.mcp.agent.runtime.RuntimeEvent;

/**
 * The in-memory runtime's event log and its followers, as podman's events file and {@code podman
 * events --since} give them: every event is kept, a new follower gets those since its start time
 * first, then each as it happens. Events are delivered in order on a thread of their own, as
 * podman's come from another process: never on the thread of the call that caused them, which holds
 * the runtime's lock (a follower that calls the runtime would deadlock). Tests await their effects.
 */
final class InMemoryEvents {
  private final List<RuntimeEvent> log = new ArrayList<>();
  private final List<Follower> followers = new CopyOnWriteArrayList<>();
  private Optional<String> unavailable = Optional.empty();
  private final ExecutorService delivery =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "in-memory-events");
            t.setDaemon(true);
            return t;
          });

  /** One follower: a stream that ends when closed or when the test ends every stream. */
  private final class Follower implements EventStream {
    final Consumer<RuntimeEvent> listener;
    final CountDownLatch ended = new CountDownLatch(1);
    volatile String why = "closed";

    Follower(Consumer<RuntimeEvent> listener) {
      this.listener = listener;
    }

    void end(String reason) {
      why = reason;
      followers.remove(this);
      ended.countDown();
    }

    @Override
    public String awaitEnd() throws InterruptedException {
      ended.await();
      return why;
    }

    @Override
    public void close() {
      end("closed");
    }
  }

  /** Records the event and gives it to every follower. */
  void emit(RuntimeEvent e) {
    synchronized (log) {
      log.add(e);
      List<Follower> now = List.copyOf(followers);
      delivery.execute(
          () -> {
            for (Follower f : now) {
              f.listener.accept(e);
            }
          });
    }
  }

  EventStream follow(Instant since, Consumer<RuntimeEvent> listener) {
    Follower f = new Follower(listener);
    if (unavailable.isPresent()) {
      f.end(unavailable.get());
      return f;
    }
    synchronized (log) {
      List<RuntimeEvent> past = log.stream().filter(e -> !e.time().isBefore(since)).toList();
      delivery.execute(() -> past.forEach(listener));
      followers.add(f);
    }
    return f;
  }

  /** Every stream being followed ends with {@code why}, as when podman events is killed. */
  void endAll(String why) {
    followers.forEach(f -> f.end(why));
  }

  /** From now on a new stream ends at once with {@code why}; empty: streams work again. */
  void unavailable(Optional<String> why) {
    unavailable = why;
  }

  int following() {
    return followers.size();
  }
}
