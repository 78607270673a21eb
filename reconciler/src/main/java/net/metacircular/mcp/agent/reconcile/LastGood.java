package net.metacircular.mcp.agent.reconcile;

import java.util.Objects;

/**
 * A service's last valid file, as the registry keeps it.
 *
 * @param toml the file's text
 * @param commit the revision it came from
 */
public record LastGood(String toml, String commit) {
  public LastGood {
    Objects.requireNonNull(toml, "toml");
    Objects.requireNonNull(commit, "commit");
  }
}
