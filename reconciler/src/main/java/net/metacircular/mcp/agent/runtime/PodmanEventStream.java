package net.metacircular.mcp.agent.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * {@code podman events --format json --filter type=container --since <time>} as a child process,
 * read line by line on a thread of its own. {@code --since} replays what happened since then, so a
 * stream restarted after a gap misses nothing the event log still holds. A {@code died} event of a
 * container the agent owns is completed with {@code .State.OOMKilled} from an inspect, since podman
 * 4.3.1 has no {@code oom} event. Every other container's {@code died} is passed on as not
 * OOM-killed without a podman call: on a host where other tools start and stop hundreds of
 * containers, one inspect each (and again for each one a restarted stream replays) would be a
 * podman process per foreign death, on this thread, mostly answering "no such container".
 *
 * <p>All containers' events are followed, not only ours ({@code --filter label=mcp.managed=true}
 * works on podman 4.3.1): a foreign container created under a managed name is a conflict the router
 * reports at once.
 */
final class PodmanEventStream implements EventStream {
  private static final int STDERR_LINES = 5;

  private final Process process;
  private final List<String> argv;
  private final Deque<String> stderr = new ArrayDeque<>();
  private final CountDownLatch ended = new CountDownLatch(2);
  private volatile boolean closed;

  private PodmanEventStream(Process process, List<String> argv) {
    this.process = process;
    this.argv = argv;
  }

  /**
   * Starts following. A podman that cannot be run gives a stream that has already ended, saying
   * why.
   *
   * @param node the agent's node: only deaths of containers it owns ({@link RuntimeEvent#ownedBy})
   *     are asked about
   * @param oomKilled {@code .State.OOMKilled} of a container id, one podman call
   */
  static EventStream start(
      PodmanSettings settings,
      Instant since,
      String node,
      Consumer<RuntimeEvent> listener,
      Predicate<String> oomKilled) {
    List<String> command =
        List.of(
            settings.executable(),
            "events",
            "--format",
            "json",
            "--filter",
            "type=container",
            "--since",
            since.toString());
    ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.environment().putAll(settings.environment());
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      String why = "cannot run " + String.join(" ", command) + ": " + e.getMessage();
      return new EventStream() {
        @Override
        public String awaitEnd() {
          return why;
        }

        @Override
        public void close() {}
      };
    }
    PodmanEventStream s = new PodmanEventStream(p, command);
    s.thread("mcp-events", () -> s.readEvents(listener, e -> e.ownedBy(node), oomKilled));
    s.thread("mcp-events-stderr", s::readStderr);
    return s;
  }

  private void thread(String name, Runnable work) {
    Thread t = new Thread(work, name);
    t.setDaemon(true);
    t.start();
  }

  private void readEvents(
      Consumer<RuntimeEvent> listener, Predicate<RuntimeEvent> owned, Predicate<String> oomKilled) {
    try (BufferedReader r = reader(process.getInputStream())) {
      // Closed: the lines podman had written before it was destroyed are not the agent's
      // business any more (its registry may be closed already).
      for (String line = r.readLine(); line != null && !closed; line = r.readLine()) {
        EventJson.parse(line)
            .map(e -> e.action().equals(RuntimeEvent.DIED) ? withExit(e, owned, oomKilled) : e)
            .ifPresent(listener);
      }
    } catch (IOException e) {
      // The process was destroyed (close) or its pipe broke: the stream ends either way.
    } finally {
      ended.countDown();
    }
  }

  private static RuntimeEvent withExit(
      RuntimeEvent e, Predicate<RuntimeEvent> owned, Predicate<String> oomKilled) {
    return e.withExit(e.exitCode().orElse(-1), owned.test(e) && oomKilled.test(e.id()));
  }

  private void readStderr() {
    try (BufferedReader r = reader(process.getErrorStream())) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        synchronized (stderr) {
          stderr.addLast(line);
          if (stderr.size() > STDERR_LINES) {
            stderr.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // As above: the stream has ended.
    } finally {
      ended.countDown();
    }
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  @Override
  public String awaitEnd() throws InterruptedException {
    ended.await();
    int code = process.waitFor();
    if (closed) {
      return "closed";
    }
    List<String> last;
    synchronized (stderr) {
      last = new ArrayList<>(stderr);
    }
    return String.join(" ", Argv.redacted(argv))
        + " exited "
        + code
        + (last.isEmpty() ? "" : ": " + String.join("\n", last));
  }

  @Override
  public void close() {
    closed = true;
    process.destroy();
  }
}
