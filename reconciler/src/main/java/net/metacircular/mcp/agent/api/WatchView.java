package net.metacircular.mcp.agent.api;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import net.metacircular.mcp.agent.events.WatchState;
import net.metacircular.mcp.schema.api.DriftWatchStatus;

/** The event watch's state as status shows it; polling until the agent says otherwise. */
final class WatchView {
  private volatile Supplier<Optional<WatchState>> state = Optional::empty;

  void set(Supplier<Optional<WatchState>> newState) {
    this.state = newState;
  }

  /** Null-free fields but {@code reason} (null while following). */
  DriftWatchStatus status(Duration driftInterval) {
    String interval = net.metacircular.mcp.schema.Durations.format(driftInterval);
    return state
        .get()
        .map(
            s ->
                new DriftWatchStatus(
                    s.mode(), s.reason().orElse(null), s.since(), s.restarts(), interval))
        .orElseGet(
            () ->
                new DriftWatchStatus(
                    WatchState.POLLING,
                    "podman's event stream is not followed",
                    null,
                    0,
                    interval));
  }
}
