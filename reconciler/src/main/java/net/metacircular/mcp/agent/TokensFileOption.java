package net.metacircular.mcp.agent;

import java.nio.file.Path;
import net.metacircular.mcp.agent.config.AgentConfigLoader;
import picocli.CommandLine.Option;

/** Which tokens file {@code mcp-agent token list|revoke} work on: the config's, or one named. */
final class TokensFileOption {
  @Option(
      names = {"-c", "--config"},
      description =
          "The agent's config file, whose [auth] tokens_file is used (default: ${DEFAULT-VALUE}).",
      defaultValue = "/srv/mcp/mcp-agent.toml")
  Path config;

  @Option(
      names = "--file",
      paramLabel = "TOKENS_FILE",
      description = "This tokens file instead of the config's.")
  Path file;

  Path tokensFile() {
    if (file != null) {
      return file;
    }
    return AgentConfigLoader.load(config)
        .tokensFile()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    config
                        + " has no [auth] tokens_file: this agent takes no local tokens (MCIAS"
                        + " only); name a file with --file"));
  }
}
