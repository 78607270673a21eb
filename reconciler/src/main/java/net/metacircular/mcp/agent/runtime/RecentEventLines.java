package net.metacircular.mcp.agent.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which lines of {@code podman events} are new, so that a stream sends each event once although
 * podman 4.3.1 ({@code events_logger = "file"}) sends some twice. At {@code
 * events_logfile_max_size} it rotates {@code events.log} by writing the newer half into a new file,
 * and a running {@code podman events --since} then either exits 0 (the new file has a new inode:
 * {@link PodmanEventStream} starts it again from {@link #replayFrom}) or reads the new file from
 * its start (the new file got the old one's inode back: seen here, 1003 events of two minutes sent
 * again).
 *
 * <p>A line is the event's whole JSON, its time to the nanosecond included, so an equal line is the
 * same event: the lines of the last {@link #OVERLAP} before the newest are remembered and not sent
 * again. A line stamped further back than that is a replay and dropped. The overlap is there
 * because podman stamps an event before it waits for the log's lock: one stamped a moment before
 * the newest may be written after it, and is new.
 */
final class RecentEventLines {
  static final Duration OVERLAP = Duration.ofSeconds(5);

  /** A host that writes more events than this in {@link #OVERLAP} keeps only the newest ones. */
  private static final int MAX_LINES = 10_000;

  private record Seen(String line, Instant time) {}

  private final Deque<Seen> order = new ArrayDeque<>();
  private final Set<String> lines = new HashSet<>();
  private Instant newest;

  /** Whether {@code line}, stamped {@code time}, is new; remembers it. */
  synchronized boolean firstTime(String line, Instant time) {
    if (newest != null && time.isBefore(newest.minus(OVERLAP))) {
      return false;
    }
    if (!lines.add(line)) {
      return false;
    }
    order.addLast(new Seen(line, time));
    if (newest == null || time.isAfter(newest)) {
      newest = time;
    }
    Instant horizon = newest.minus(OVERLAP);
    while (!order.isEmpty()
        && (order.size() > MAX_LINES || order.getFirst().time().isBefore(horizon))) {
      lines.remove(order.removeFirst().line());
    }
    return true;
  }

  /**
   * From when a restarted {@code podman events} replays: the newest event seen, less the overlap.
   */
  synchronized Optional<Instant> replayFrom() {
    return Optional.ofNullable(newest).map(t -> t.minus(OVERLAP));
  }
}
