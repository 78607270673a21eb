package net.metacircular.mcp.agent.config;

import java.util.Optional;

/**
 * {@code [auth]}: bearer tokens are validated by MCIAS, or against a local file of hashes.
 *
 * @param mciasUrl MCIAS base URL
 * @param tokensFile local tokens file: {@code <sha256 hex> <role> [name]} a line
 */
public record AuthConfig(Optional<String> mciasUrl, Optional<java.nio.file.Path> tokensFile) {}
