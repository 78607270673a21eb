package net.metacircular.mcp.agent.config;

import java.util.List;

/** The agent's configuration is missing or wrong; the message names the file, key and fix. */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
