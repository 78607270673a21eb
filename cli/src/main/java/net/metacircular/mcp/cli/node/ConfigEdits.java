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
