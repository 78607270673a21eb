package net.metacircular.mcp.cli.agent;

import java.util.Optional;
import net.metacircular.mcp.cli.CliException;
import net.metacircular.mcp.cli.config.Node;

/**
 * One node's answer to a request sent to several at once: a value or the error that names the node.
 */
public record NodeResult<T>(Node node, T value, CliException error) {
  public boolean ok() {
    return error == null;
  }

  public Optional<T> optional() {
    return Optional.ofNullable(value);
  }
}
