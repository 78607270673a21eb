package net.metacircular.mcp.schema.api;

import java.time.Instant;

/**
 * How the agent finds drift now.
 *
 * @param mode {@code events}: it follows podman's event stream and reconciles a service as soon as
 *     one of its containers dies, stops, is removed or turns unhealthy; {@code polling}: the stream
 *     is not followed (it ended and is being restarted, or podman cannot give events), so drift is
 *     found by {@code podman ps} every {@code drift_interval} alone
 * @param reason why the stream is not followed, in podman's words; null while following
 * @param since since when the mode has been this
 * @param restarts how many times the stream was started again after it ended
 * @param driftInterval the {@code podman ps} backstop's interval, e.g. {@code 30s}
 */
public record DriftWatchStatus(
    String mode, String reason, Instant since, long restarts, String driftInterval) {

  /** Whether drift is found by polling alone (a warning: heals wait for the next poll). */
  public boolean polling() {
    return "polling".equals(mode);
  }
}
