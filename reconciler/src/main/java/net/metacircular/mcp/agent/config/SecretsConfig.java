package net.metacircular.mcp.agent.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code [secrets]}.
 *
 * @param identity the node's age identity ({@code mcp-agent secrets keygen} writes it), 0600;
 *     empty: services that use secrets are rejected
 */
public record SecretsConfig(Optional<Path> identity) {
  public static final SecretsConfig NONE = new SecretsConfig(Optional.empty());

  public SecretsConfig {
    Objects.requireNonNull(identity, "identity");
  }
}
