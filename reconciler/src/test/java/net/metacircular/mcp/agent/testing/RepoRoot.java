package net.metacircular.mcp.agent.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The repository's root folder: the nearest folder holding {@code mvnw}, walking up. */
public final class RepoRoot {
  private RepoRoot() {}

  public static Optional<Path> findFrom(Path start) {
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("mvnw"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }
}
