package net.metacircular.mcp.cli.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import net.metacircular.mcp.cli.CliEnv;
import net.metacircular.mcp.cli.agent.ApiMapper;
import net.metacircular.mcp.cli.config.AtomicFiles;
import net.metacircular.mcp.schema.api.PolicyResponse;

/**
 * The last policy each node answered, one JSON file per node: {@code
 * $XDG_CACHE_HOME/mcp/policy/<node>.json}, {@code ~/.cache/mcp/policy/<node>.json} without it. A
 * cache: a missing or unreadable file is no policy, never an error.
 */
final class PolicyCache {
  /** One file: the agent's answer and when it came. */
  record Entry(PolicyResponse policy, Instant fetchedAt) {}

  private final Path dir;

  PolicyCache(CliEnv env) {
    Path base =
        env.var("XDG_CACHE_HOME")
            .map(Path::of)
            .filter(Path::isAbsolute) // the spec says to ignore a relative one
            .orElse(env.home().resolve(".cache"));
    this.dir = base.resolve("mcp").resolve("policy");
  }

  Path file(String node) {
    return dir.resolve(node + ".json");
  }

  Optional<Entry> read(String node) {
    try {
      Entry e = ApiMapper.get().readValue(Files.readString(file(node)), Entry.class);
      return e == null || e.policy() == null || e.fetchedAt() == null
          ? Optional.empty()
          : Optional.of(e);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Saves the node's answer; a cache that cannot be written is said, never fatal. */
  Optional<String> write(String node, Entry entry) {
    try {
      AtomicFiles.write(file(node), ApiMapper.get().writeValueAsString(entry) + "\n");
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("could not cache node " + node + "'s policy in " + file(node) + ": " + e);
    }
  }
}
