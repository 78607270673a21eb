package net.metacircular.mcp.agent.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.metacircular.mcp.agent.runtime.RuntimeEvent;

/**
 * Drops the events podman replays when it rotates its event log. podman 4.3.1 (events_logger
 * "file") rotates {@code events.log} at {@code events_logfile_max_size} by writing the newer half
 * of it into a new file; a running {@code podman events} then reads that new file from its start,
 * so every event it holds comes a second time (seen here: 1003 events of the last two minutes sent
 * again, in order, after one rotation). Taken as new, they would heal a service again for a kill
 * long healed, and count old deaths towards a crash loop a second time.
 *
 * <p>A replay starts with a jump back in time: an event older than the newest one seen by more than
 * {@link #SLACK} (less than that is ordinary: concurrent podman processes stamp an event before
 * they wait for the log's lock, so one may be written a moment after a newer one). From there,
 * every event up to the newest seen before the jump is the replay and is dropped.
 */
final class ReplayFilter {
  /** How far back an event may be stamped, behind the newest seen, and still be new. */
  static final Duration SLACK = Duration.ofSeconds(5);

  private Instant newest;
  private Instant replayUntil;

  /** Whether {@code e} is new: false for an event the log's rotation sent again. */
  synchronized boolean fresh(RuntimeEvent e) {
    Instant t = e.time();
    if (replayUntil != null) {
      if (!t.isAfter(replayUntil)) {
        return false;
      }
      replayUntil = null;
    } else if (newest != null && t.isBefore(newest.minus(SLACK))) {
      replayUntil = newest;
      return false;
    }
    if (newest == null || t.isAfter(newest)) {
      newest = t;
    }
    return true;
  }

  /** The time of the newest event taken as new, from which a restarted stream replays. */
  synchronized Optional<Instant> newest() {
    return Optional.ofNullable(newest);
  }
}
