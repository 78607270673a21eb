package net.metacircular.mcp.cli.config;

import net.metacircular.mcp.cli.CliException;

/** A missing or bad {@code mcp.toml}: one sentence naming the file, the key and the fix. */
public final class ConfigException extends CliException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
