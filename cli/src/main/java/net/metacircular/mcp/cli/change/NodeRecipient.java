package net.metacircular.mcp.cli.change;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.CommonOptions;
import net.metacircular.mcp.cli.agent.AgentException;
import net.metacircular.mcp.cli.agent.Agents;
import net.metacircular.mcp.cli.config.AtomicFiles;
import net.metacircular.mcp.cli.config.CliConfig;
import net.metacircular.mcp.cli.config.Node;
import net.metacircular.mcp.cli.config.NodesText;
import net.metacircular.mcp.schema.age.AgeRecipients;
import net.metacircular.mcp.schema.api.RecipientResponse;

/**
 * The age recipient of a node: pinned in mcp.toml ({@code recipient} of its {@code [[nodes]]}
 * table), or asked of its agent ({@code GET /v1/secrets/recipient}) and pinned then, so that a
 * later answer from an impostor is not trusted blindly.
 */
final class NodeRecipient {
  private NodeRecipient() {}

  static String of(CommonOptions common, CliConfig config, String nodeName) {
    Node node = config.requireNode(nodeName);
    if (node.recipient().isPresent()) {
      return node.recipient().get();
    }
    RecipientResponse r;
    try {
      r = Agents.of(common).client(node).get("/v1/secrets/recipient", RecipientResponse.class);
    } catch (AgentException e) {
      throw new CliException(
          "cannot get node "
              + nodeName
              + "'s recipient from its agent: "
              + e.getMessage()
              + "; or pin it by hand: recipient = \"age1…\" in its [[nodes]] table of "
              + config.file(),
          e.exitCode());
    }
    if (!AgeRecipients.looksValid(r.recipient())) {
      throw new CliException(
          "node " + nodeName + "'s agent answered a recipient that is not age1…: " + r.recipient());
    }
    pin(common, config, node, r.recipient());
    return r.recipient();
  }

  private static void pin(CommonOptions common, CliConfig config, Node node, String recipient) {
    try {
      String text = Files.readString(config.file());
      int index = List.copyOf(config.nodes()).indexOf(node);
      AtomicFiles.write(config.file(), NodesText.setRecipient(text, index, recipient));
      common
          .err()
          .println(
              "mcp: pinned node "
                  + node.name()
                  + "'s recipient "
                  + recipient
                  + " in "
                  + config.file());
    } catch (IOException | IllegalArgumentException e) {
      common
          .err()
          .println(
              "mcp: note: could not pin node "
                  + node.name()
                  + "'s recipient in "
                  + config.file()
                  + " ("
                  + e.getMessage()
                  + "); add recipient = \""
                  + recipient
                  + "\" to its [[nodes]] table");
    }
    common.err().flush();
  }
}
