package net.metacircular.mcp.cli.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import net.metacircular.mcp.cli.CliEnv;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.config.AtomicFiles;
import net.metacircular.mcp.cli.config.CliConfig;
import net.metacircular.mcp.cli.config.ConfigException;
import net.metacircular.mcp.cli.config.ConfigLoader;
import net.metacircular.mcp.cli.config.Node;

/** Writes an edited mcp.toml only if it reads back as intended. */
final class ConfigEdits {
  private ConfigEdits() {}

  static void write(Path file, String text, CliConfig before, List<Node> expected, CliEnv env)
      throws IOException {
    CliConfig after;
    try {
      after = ConfigLoader.parse(file, text, env);
    } catch (ConfigException e) {
      throw unsafe(file, "make this change");
    }
    if (!after.equals(before.withNodes(expected))) {
      throw unsafe(file, "make this change");
    }
    AtomicFiles.write(file, text);
  }

  /**
   * The index of node {@code name} among the config's nodes; otherwise refuses, naming the file
   * (with {@code note} after it) and the nodes there are, then {@code hint} (each may be empty).
   */
  static int indexOf(CliConfig config, String name, String note, String hint) {
    List<Node> nodes = config.nodes();
    for (int i = 0; i < nodes.size(); i++) {
      if (nodes.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new CliException(
        "no node "
            + name
            + " in "
            + config.file()
            + note
            + "; nodes are: "
            + (nodes.isEmpty()
                ? "none"
                : String.join(", ", nodes.stream().map(Node::name).toList()))
            + hint);
  }

  static CliException unsafe(Path file, String what) {
    return new CliException(
        "could not "
            + what
            + " in "
            + file
            + " without changing other parts of it; edit its [[nodes]] tables by hand"
            + " (nothing was written)");
  }
}
