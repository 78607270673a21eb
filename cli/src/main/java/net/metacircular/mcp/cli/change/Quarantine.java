package net.metacircular.mcp.cli.change;

import java.time.Duration;
import java.util.Optional;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.schema.api.RolloutInfo;
import net.metacircular.mcp.schema.api.ServiceStatus;
import net.metacircular.mcp.schema.api.StatusResponse;

/**
 * What the service's node says it quarantined: the commit that failed its soak and was rolled back
 * ({@code rollout.failed_commit}), for {@code mcp rollback} to revert in git.
 *
 * @param failedCommit the quarantined commit, as the agent names it
 * @param reason why it failed, in the agent's words; null when it gave none
 */
record Quarantine(String failedCommit, String reason) {
  /** A status answer is quick; a node that does not answer in this long is not waited for. */
  private static final Duration ASK = Duration.ofSeconds(5);

  /**
   * Asks the agent of {@code node}; empty when it quarantined nothing of the service, or could not
   * be asked (a note on stderr says why: the rollback then reverts the last change).
   */
  static Optional<Quarantine> ask(CommonOptions common, String node, String service) {
    if (common.config().node(node).isEmpty()) {
      return Optional.empty();
    }
    try {
      StatusResponse s =
          Agents.of(common, ASK)
              .client(node)
              .get("/v1/status?service=" + service, StatusResponse.class);
      return s.services().stream()
          .filter(x -> x.name().equals(service))
          .map(ServiceStatus::rollout)
          .filter(r -> r != null && r.failedCommit() != null && "rolled_back".equals(r.phase()))
          .findFirst()
          .map((RolloutInfo r) -> new Quarantine(r.failedCommit(), r.reason()));
    } catch (CliException e) {
      common
          .err()
          .println(
              "mcp: note: could not ask node "
                  + node
                  + " whether it quarantined a commit of "
                  + service
                  + " ("
                  + e.getMessage()
                  + "), so this reverts the last change to its file");
      common.err().flush();
      return Optional.empty();
    }
  }
}
