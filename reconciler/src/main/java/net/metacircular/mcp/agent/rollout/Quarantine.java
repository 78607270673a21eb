package net.metacircular.mcp.agent.rollout;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A spec that failed its soak and is not applied again until a newer commit changes one of the
 * service's components, or {@code mcp deploy SERVICE --force}.
 *
 * @param service the service
 * @param failedCommit the commit whose spec failed
 * @param hashes the failed spec's components' spec hashes, by component: a newer commit that
 *     changes none of them (a change to {@code [rollout]} alone) keeps the quarantine
 * @param reason why it failed, with the evidence
 * @param halted nothing to roll back to, or the rollback failed: the service is left alone until a
 *     person acts (never a loop)
 * @param since when it was quarantined
 */
public record Quarantine(
    String service,
    String failedCommit,
    Map<String, String> hashes,
    String reason,
    boolean halted,
    Instant since) {
  public Quarantine {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(failedCommit, "failedCommit");
    hashes = Map.copyOf(hashes);
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(since, "since");
  }

  Quarantine halt() {
    return new Quarantine(service, failedCommit, hashes, reason, true, since);
  }
}
