package net.metacircular.mcp.cli.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import net.metacircular.mcp.cli.CliEnv;

/** Finds and reads {@code mcp.toml}; every problem is one sentence with the file, key and fix. */
public final class ConfigLoader {
  public static final String DEFAULT_FILE = "~/.config/mcp/mcp.toml";
  public static final String DEFAULT_SERVICES_DIR = "~/.config/mcp/services";
  public static final String DEFAULT_TOKEN_FILE = "~/.config/mcp/token";
  public static final String ENV_VAR = "MCP_CONFIG";

  private ConfigLoader() {}

  /**
   * {@code --config FILE} if given, else {@code $MCP_CONFIG}, else {@code ~/.config/mcp/mcp.toml}.
   */
  public static Path locate(Optional<String> option, CliEnv env) {
    return env.expand(option.or(() -> env.var(ENV_VAR)).orElse(DEFAULT_FILE));
  }

  /** Reads the file; a missing, unreadable or invalid file is a {@link ConfigException}. */
  public static CliConfig load(Path file, CliEnv env) {
    return parse(file, read(file).orElseThrow(() -> missing(file)), env);
  }

  /** The file's text, or empty if there is no such file. */
  public static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (CharacterCodingException e) {
      throw new ConfigException(file + " is not UTF-8 text; save it as UTF-8");
    } catch (IOException e) {
      throw new ConfigException(
          "cannot read the config file "
              + file
              + " ("
              + e.getMessage()
              + "); check its permissions");
    }
  }

  static ConfigException missing(Path file) {
    return new ConfigException(
        "no config file "
            + file
            + "; create it with \"mcp node add NAME HOST:PORT\" (services_dir defaults to "
            + DEFAULT_SERVICES_DIR
            + "), or point --config or "
            + ENV_VAR
            + " at yours");
  }

  /**
   * Parses the text of {@code file}: the plain form most files have ({@link PlainConfig}, without
   * tomlj's ANTLR parser, which costs a short command 20-40 ms), else tomlj ({@link TomlConfig}),
   * which also words every error. Both give the same config for a file the first one reads.
   */
  public static CliConfig parse(Path file, String text, CliEnv env) {
    return PlainConfig.read(file, text, env).orElseGet(() -> TomlConfig.parse(file, text, env));
  }
}
