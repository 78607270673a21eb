package net.metacircular.mcp.agent.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.metacircular.mcp.agent.config.AgentConfig;

/**
 * The agent's secrets that others on the node can read: {@code data_dir} (the registry holds every
 * service's spec, env values included), the tokens file, the TLS key, the webhook secret and the
 * git credentials. Each finding is one line for a start-up warning, naming the path and the {@code
 * chmod} that fixes it. A path that does not exist is someone else's message.
 */
public final class ReadableSecrets {
  private ReadableSecrets() {}

  /** One line for each of {@code config}'s secrets that group or others may read. */
  public static List<String> find(AgentConfig config) {
    List<String> found = new ArrayList<>();
    check(
            config.dataDir(),
            "data_dir",
            "it holds mcp.db, whose service specs include env values, and its backups")
        .ifPresent(found::add);
    config
        .tokensFile()
        .flatMap(p -> check(p, "the tokens file", "it lists the tokens' hashes and roles"))
        .ifPresent(found::add);
    check(config.server().key(), "the TLS key", "whoever reads it can pose as this agent")
        .ifPresent(found::add);
    config
        .source()
        .webhookSecretFile()
        .flatMap(p -> check(p, "the webhook secret", "whoever reads it can trigger fetches"))
        .ifPresent(found::add);
    config
        .source()
        .sshKey()
        .flatMap(
            p -> check(p, "the deploy key", "whoever reads it can read the services repository"))
        .ifPresent(found::add);
    config
        .source()
        .tokenFile()
        .flatMap(
            p ->
                check(p, "the git token file", "whoever reads it can read the services repository"))
        .ifPresent(found::add);
    return found;
  }

  private static Optional<String> check(Path path, String what, String why) {
    Set<PosixFilePermission> mode;
    try {
      mode = Files.getPosixFilePermissions(path);
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.empty();
    }
    boolean directory = Files.isDirectory(path);
    boolean readable =
        mode.contains(PosixFilePermission.GROUP_READ)
            || mode.contains(PosixFilePermission.OTHERS_READ);
    if (!readable) {
      return Optional.empty();
    }
    String who =
        mode.contains(PosixFilePermission.GROUP_READ)
                && mode.contains(PosixFilePermission.OTHERS_READ)
            ? "group and others"
            : mode.contains(PosixFilePermission.GROUP_READ) ? "its group" : "others";
    return Optional.of(
        what
            + " "
            + path
            + " is readable by "
            + who
            + " ("
            + PosixFilePermissions.toString(mode)
            + "), and "
            + why
            + "; make it readable only by the agent's user: chmod "
            + (directory ? "700" : "600")
            + " "
            + path);
  }
}
