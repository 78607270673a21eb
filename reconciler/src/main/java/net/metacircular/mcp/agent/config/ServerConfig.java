package net.metacircular.mcp.agent.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code [server]}: the HTTPS API.
 *
 * @param listen host:port
 * @param cert PEM certificate (chain)
 * @param key PEM private key
 * @param publicMetrics serve /metrics without a token
 */
public record ServerConfig(String listen, Path cert, Path key, boolean publicMetrics) {
  public ServerConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(cert, "cert");
    Objects.requireNonNull(key, "key");
  }
}
