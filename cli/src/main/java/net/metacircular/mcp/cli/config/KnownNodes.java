package net.metacircular.mcp.cli.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import net.metacircular.mcp.schema.ParseResult;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.SpecError;

/**
 * A service file's {@code node} against the nodes in mcp.toml: when the config lists nodes, a file
 * naming another node is invalid for the CLI (a typo there would have the agent prune the service
 * from its node). Without nodes in the config there is nothing to check against.
 */
public final class KnownNodes {
  private static final Pattern HEADER = Pattern.compile("\\s*\\[.*");
  private static final Pattern NODE = Pattern.compile("\\s*node\\s*=.*");

  private KnownNodes() {}

  /** The result, or an invalid one naming the file, the node and the configured nodes. */
  public static ParseResult check(ParseResult r, String text, CliConfig config) {
    if (!(r instanceof ParseResult.Valid v) || config.nodes().isEmpty()) {
      return r;
    }
    ServiceSpec spec = v.spec();
    if (config.node(spec.node()).isPresent()) {
      return r;
    }
    return new ParseResult.Invalid(
        r.file(),
        List.of(
            new SpecError(
                r.file(),
                line(text),
                line(text) > 0 ? 1 : 0,
                "node",
                message(spec.node(), config))));
  }

  /** Why a node is not accepted. */
  public static String message(String node, CliConfig config) {
    List<String> names = new ArrayList<>();
    config.nodes().forEach(n -> names.add(n.name()));
    return "node \""
        + node
        + "\" is not configured in "
        + config.file()
        + " (configured: "
        + String.join(", ", names)
        + "); if it is a new node, add it first with mcp node add "
        + node
        + " ADDRESS";
  }

  /** The line of the top-level {@code node = …}, 1-based; 0 if not found. */
  private static int line(String text) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (HEADER.matcher(lines[i]).matches()) {
        return 0;
      }
      if (NODE.matcher(lines[i]).matches()) {
        return i + 1;
      }
    }
    return 0;
  }
}
