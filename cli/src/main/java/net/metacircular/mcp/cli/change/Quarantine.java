package net.metacircular.mcp.cli.change;

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
          // Within --timeout, not a few seconds: GET /v1/status runs podman ps, which takes more
          // than 5 s on a loaded node, and without the answer the last change is reverted instead.
          Agents.of(common).client(node).get("/v1/status?service=" + service, StatusResponse.class);
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
