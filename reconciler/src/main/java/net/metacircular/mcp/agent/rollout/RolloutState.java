package net.metacircular.mcp.agent.rollout;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import net.metacircular.mcp.schema.api.RolloutInfo;

/**
 * Where one service's last deploy stands, as the registry keeps it for status.
 *
 * @param service the service
 * @param phase the phase
 * @param commit the commit being rolled out, or running after a rollback
 * @param since when the phase began
 * @param until when a soak in progress ends
 * @param reason why it failed or was rolled back
 * @param failedCommit the commit that failed (and, after a rollback, is quarantined)
 */
public record RolloutState(
    String service,
    Phase phase,
    String commit,
    Instant since,
    Optional<Instant> until,
    Optional<String> reason,
    Optional<String> failedCommit) {
  public RolloutState {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(failedCommit, "failedCommit");
  }

  /** A phase with no end, reason or failed commit. */
  static RolloutState of(String service, Phase phase, String commit, Instant since) {
    return new RolloutState(
        service, phase, commit, since, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The API's record. */
  public RolloutInfo info() {
    return new RolloutInfo(
        phase.word(),
        commit,
        since,
        until.orElse(null),
        reason.orElse(null),
        failedCommit.orElse(null));
  }
}
