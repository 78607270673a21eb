package net.metacircular.mcp.cli.act;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.ExitCodes;
import net.metacircular.mcp.cli.agent.AgentException;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.agent.NodeResult;
import net.metacircular.mcp.cli.config.Node;

/**
 * Before a change is committed: asks each node concerned who the token is ({@code GET /v1/whoami})
 * and refuses the change, with nothing committed, when a node would refuse the sync after the push:
 * the token is refused, or has role {@code read}. A node that does not answer the question now
 * (unreachable, an agent without {@code /v1/whoami}) lets the change go ahead; an unreachable one
 * with a note.
 */
final class TokenCheck {
  /** Short: it runs before every change, and a silent node must not hold the commit up long. */
  private static final Duration WAIT = Duration.ofSeconds(5);

  private TokenCheck() {}

  static void require(Collection<String> nodeNames, CommonOptions common) {
    Duration wait = common.timeout().compareTo(WAIT) < 0 ? common.timeout() : WAIT;
    Agents agents = Agents.of(common, wait);
    List<Node> nodes =
        nodeNames.stream().map(n -> agents.config().node(n)).flatMap(Optional::stream).toList();
    if (nodes.isEmpty()) {
      return;
    }
    for (NodeResult<JsonNode> r : agents.each(nodes, c -> c.get("/v1/whoami", JsonNode.class))) {
      if (!r.ok()) {
        if (r.error().exitCode() == ExitCodes.AUTH) {
          throw new CliException(
              r.error().getMessage() + "; nothing was committed", ExitCodes.AUTH);
        }
        if (r.error() instanceof AgentException a && a.unreachable()) {
          common
              .err()
              .println(
                  "mcp: note: node "
                      + r.node().name()
                      + " ("
                      + r.node().address()
                      + ") is unreachable now; the change goes ahead all the same: its agent"
                      + " applies it from git when it runs again");
          common.err().flush();
        }
        continue;
      }
      String role = r.value().path("role").asText("");
      if (!role.equals("admin")) {
        throw new CliException(
            "the token in "
                + agents.config().tokenFile()
                + " has role "
                + role
                + " on node "
                + r.node().name()
                + " (as "
                + r.value().path("name").asText("?")
                + "), so mcp could push this change but not have the agent sync it; nothing was"
                + " committed. Put a token of role admin there (on the node, mcp-agent token new"
                + " --role admin --name $USER makes one), or commit with --no-push and push with"
                + " git yourself: the agent applies it at its next poll",
            ExitCodes.AUTH);
      }
    }
  }
}
