package net.metacircular.mcp.cli.change;

import java.util.Optional;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.config.Node;
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
   * Asks the agent of {@code node}; empty when it quarantined nothing of the service. When it
   * cannot be asked (not in mcp.toml, unreachable, the token refused) this refuses, changing
   * nothing: reverting the last change instead could undo a different commit than the one the agent
   * quarantined, so only {@code --last-change} or {@code --to} may choose that.
   */
  static Optional<Quarantine> ask(CommonOptions common, String node, String service) {
    Optional<Node> n = common.config().node(node);
    if (n.isEmpty()) {
      throw refusal(node, "", service, "it is not in " + common.config().file(), ExitCodes.ERROR);
    }
    try {
      StatusResponse s =
          // Within --timeout, not a few seconds: GET /v1/status runs podman ps, which takes more
          // than 5 s on a loaded node.
          Agents.of(common).client(node).get("/v1/status?service=" + service, StatusResponse.class);
      return s.services().stream()
          .filter(x -> x.name().equals(service))
          .map(ServiceStatus::rollout)
          .filter(r -> r != null && r.failedCommit() != null && "rolled_back".equals(r.phase()))
          .findFirst()
          .map((RolloutInfo r) -> new Quarantine(r.failedCommit(), r.reason()));
    } catch (CliException e) {
      int exit = e.exitCode() == ExitCodes.AUTH ? ExitCodes.AUTH : ExitCodes.ERROR;
      throw refusal(node, " (" + n.get().address() + ")", service, e.getMessage(), exit);
    }
  }

  private static CliException refusal(
      String node, String address, String service, String why, int exit) {
    return new CliException(
        "could not ask node "
            + node
            + address
            + " which commit of "
            + service
            + " it quarantined: "
            + why
            + "; nothing was changed. Run mcp rollback "
            + service
            + " again when "
            + node
            + " answers, or say which rollback you mean: mcp rollback "
            + service
            + " --last-change (undo the last change to its file) or mcp rollback "
            + service
            + " --to COMMIT (the file as it was at COMMIT)",
        exit);
  }
}
