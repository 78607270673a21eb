package net.metacircular.mcp.cli.config;

import java.util.ArrayList;
import java.util.List;
import net.metacircular.mcp.schema.ParseResult;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.SpecError;
import org.tomlj.Toml;
import org.tomlj.TomlPosition;

/**
 * A service file's {@code node} against the nodes in mcp.toml: when the config lists nodes, a file
 * naming another node is invalid for the CLI (a typo there would have the agent prune the service
 * from its node). Without nodes in the config there is nothing to check against.
 */
public final class KnownNodes {
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
    TomlPosition at = position(text);
    return new ParseResult.Invalid(
        r.file(),
        List.of(
            new SpecError(r.file(), at.line(), at.column(), "node", message(spec.node(), config))));
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

  /** Where the top-level {@code node} is, as tomlj saw it parsing the (valid) file. */
  private static TomlPosition position(String text) {
    TomlPosition p = Toml.parse(text).inputPositionOf("node");
    return p == null ? TomlPosition.positionAt(1, 1) : p;
  }
}
