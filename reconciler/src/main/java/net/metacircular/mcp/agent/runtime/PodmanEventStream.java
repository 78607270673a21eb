package net.metacircular.mcp.agent.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *
 * <p>A {@code podman events} that exits 0 by itself is followed again at once, from {@link
 * RecentEventLines#replayFrom}, without the lines already sent: podman 4.3.1 with {@code
 * events_logger = "file"} ends {@code podman events --since} that way when it rotates {@code
 * events.log} at {@code events_logfile_max_size} (1 MB by default) into a new file, which on a busy
 * host is every few minutes. The stream ends only when podman exits otherwise, or exits 0 without a
 * line within {@link #QUICK_EXIT} {@link #MAX_QUICK_EXITS} times in a row (then {@code EventWatch}
 * backs off).
 */
final class PodmanEventStream implements EventStream {
  private static final Logger LOG = LoggerFactory.getLogger(PodmanEventStream.class);

  /**
   * A podman events that exits 0 sooner than this without a line is followed again after this long;
   * {@link #MAX_QUICK_EXITS} of them in a row end the stream.
   */
  static final Duration QUICK_EXIT = Duration.ofSeconds(1);

  static final int MAX_QUICK_EXITS = 5;

  private final PodmanSettings settings;
  private final Consumer<RuntimeEvent> listener;
  private final Predicate<RuntimeEvent> owned;
  private final Predicate<String> oomKilled;
  private final RecentEventLines recent = new RecentEventLines();
  private final CountDownLatch ended = new CountDownLatch(1);
  private final CountDownLatch closing = new CountDownLatch(1);
  private volatile Process process;
  private volatile boolean closed;
  private volatile String why = "closed";

  private PodmanEventStream(
      PodmanSettings settings,
      Consumer<RuntimeEvent> listener,
      Predicate<RuntimeEvent> owned,
      Predicate<String> oomKilled) {
    this.settings = settings;
    this.listener = listener;
    this.owned = owned;
    this.oomKilled = oomKilled;
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
    PodmanEventStream s =
        new PodmanEventStream(settings, listener, e -> e.ownedBy(node), oomKilled);
    Thread t = new Thread(() -> s.follow(since), "mcp-events");
    t.setDaemon(true);
    t.start();
    return s;
  }

  private void follow(Instant first) {
    Instant since = first;
    int quickExits = 0;
    try {
      while (!closed) {
        List<String> argv = command(since);
        long started = System.nanoTime();
        Process p = startProcess(argv);
        if (p == null) {
          return;
        }
        StderrTail stderr = StderrTail.of(p);
        int lines = readEvents(p);
        int code = p.waitFor();
        String said = stderr.awaitLast();
        if (closed) {
          return;
        }
        boolean quick =
            lines == 0 && Duration.ofNanos(System.nanoTime() - started).compareTo(QUICK_EXIT) < 0;
        quickExits = quick ? quickExits + 1 : 0;
        if (code != 0 || quickExits >= MAX_QUICK_EXITS) {
          why =
              String.join(" ", Argv.redacted(argv))
                  + " exited "
                  + code
                  + (code == 0 ? " at once, " + quickExits + " times in a row" : "")
                  + said;
          return;
        }
        Instant from = recent.replayFrom().filter(t -> t.isAfter(first)).orElse(first);
        LOG.info(
            "podman events ended by itself (exit 0), as podman 4.3 does when it rotates its events"
                + " log (events_logfile_max_size): following it again from {}",
            from);
        since = from;
        // A rotation while podman was still reading the log also ends it at once, without a line;
        // a podman that cannot follow at all is not started again ten times a second.
        if (quick && closing.await(QUICK_EXIT.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // A bug in what handles an event: the stream ends (EventWatch starts it again), and the
      // podman events it was reading does not run on unread.
      why = "handling podman's events failed: " + e;
      LOG.error("{}; the stream ends and is started again", why, e);
      Process p = process;
      if (p != null) {
        p.destroy();
      }
    } finally {
      ended.countDown();
    }
  }

  private List<String> command(Instant since) {
    return List.of(
        settings.executable(),
        "events",
        "--format",
        "json",
        "--filter",
        "type=container",
        "--since",
        since.toString());
  }

  /** The running process, or null (the stream has ended, {@link #why} says why). */
  private Process startProcess(List<String> argv) {
    ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.PIPE);
    pb.environment().putAll(settings.environment());
    try {
      Process p = pb.start();
      process = p;
      if (closed) {
        p.destroy();
      }
      return p;
    } catch (IOException e) {
      why = "cannot run " + String.join(" ", argv) + ": " + e.getMessage();
      return null;
    }
  }

  /** Passes on each new event podman prints until it exits; returns how many lines it printed. */
  private int readEvents(Process p) {
    int lines = 0;
    try (BufferedReader r = reader(p.getInputStream())) {
      // Closed: the lines podman had written before it was destroyed are not the agent's
      // business any more (its registry may be closed already).
      for (String line = r.readLine(); line != null && !closed; line = r.readLine()) {
        lines++;
        String text = line;
        EventJson.parse(line)
            .filter(e -> recent.firstTime(text, e.time()))
            .map(e -> e.action().equals(RuntimeEvent.DIED) ? withExit(e) : e)
            .ifPresent(listener);
      }
    } catch (IOException e) {
      // The process was destroyed (close) or its pipe broke: it has ended either way.
    }
    return lines;
  }

  private RuntimeEvent withExit(RuntimeEvent e) {
    return e.withExit(e.exitCode().orElse(-1), owned.test(e) && oomKilled.test(e.id()));
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  @Override
  public String awaitEnd() throws InterruptedException {
    ended.await();
    return closed ? "closed" : why;
  }

  @Override
  public void close() {
    closed = true;
    closing.countDown();
    Process p = process;
    if (p != null) {
      p.destroy();
    }
  }
}
