package net.metacircular.mcp.agent.events;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How the agent learns of drift now, for status.
 *
 * @param mode {@code events}: podman's event stream is followed, {@code polling}: it is not (not
 *     started yet, or it ended and is being restarted), so drift is found by {@code podman ps}
 *     every {@code drift_interval} alone
 * @param reason why the stream is not followed, in podman's words; empty while following
 * @param since since when the mode has been this
 * @param restarts how many times the stream was started again after it ended
 */
public record WatchState(String mode, Optional<String> reason, Instant since, long restarts) {
  public static final String EVENTS = "events";
  public static final String POLLING = "polling";

  public WatchState {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(since, "since");
  }

  public boolean following() {
    return mode.equals(EVENTS);
  }
}
