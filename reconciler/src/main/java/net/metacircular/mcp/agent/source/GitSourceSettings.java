package net.metacircular.mcp.agent.source;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import net.metacircular.mcp.agent.config.SourceConfig;

/**
 * How to reach and read a git source.
 *
 * @param url the remote: {@code ssh://}, {@code https://}, {@code file://} or scp-like {@code
 *     git@host:path}
 * @param branch the branch followed
 * @param path the folder inside the repository with the service files ({@code .} for the root)
 * @param sshKey the deploy key (OpenSSH private key file, no passphrase) for ssh remotes
 * @param knownHosts the known_hosts file for ssh remotes; host keys are checked strictly
 * @param tokenFile a file holding the access token for https remotes
 * @param tokenUser the user name sent with the token ({@code x-access-token} for GitHub, {@code
 *     oauth2} for GitLab); empty sends the token as the user name with an empty password
 * @param caFile PEM certificates trusted for https remotes instead of the JVM's trust store
 * @param timeout how long a network operation may stall before the fetch fails
 */
public record GitSourceSettings(
    String url,
    String branch,
    String path,
    Optional<Path> sshKey,
    Optional<Path> knownHosts,
    Optional<Path> tokenFile,
    String tokenUser,
    Optional<Path> caFile,
    Duration timeout) {
  public static final String DEFAULT_TOKEN_USER = "x-access-token";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  public GitSourceSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(sshKey, "sshKey");
    Objects.requireNonNull(knownHosts, "knownHosts");
    Objects.requireNonNull(tokenFile, "tokenFile");
    Objects.requireNonNull(tokenUser, "tokenUser");
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(timeout, "timeout");
    if (url.isBlank()) {
      throw new IllegalArgumentException("[source] url is empty");
    }
    if (branch.isBlank() || branch.startsWith("refs/") || branch.contains("..")) {
      throw new IllegalArgumentException(
          "[source] branch must be a plain branch name like main, not '" + branch + "'");
    }
    path = normalizePath(path);
    if (timeout.isNegative() || timeout.toSeconds() < 1) {
      throw new IllegalArgumentException("git timeout must be at least 1s: " + timeout);
    }
  }

  /** Settings for a remote with everything else at its default: no credentials, path {@code .}. */
  public static GitSourceSettings of(String url, String branch) {
    return new GitSourceSettings(
        url,
        branch,
        ".",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_TOKEN_USER,
        Optional.empty(),
        DEFAULT_TIMEOUT);
  }

  /** The settings of an agent's {@code [source]} with a {@code url}. */
  public static GitSourceSettings from(SourceConfig config) {
    String url =
        config
            .url()
            .orElseThrow(() -> new IllegalArgumentException("[source] has no url: not git"));
    return new GitSourceSettings(
        url,
        config.branch(),
        config.path(),
        config.sshKey(),
        config.knownHosts(),
        config.tokenFile(),
        config.tokenUser(),
        config.caFile(),
        DEFAULT_TIMEOUT);
  }

  public GitSourceSettings withPath(String newPath) {
    return new GitSourceSettings(
        url, branch, newPath, sshKey, knownHosts, tokenFile, tokenUser, caFile, timeout);
  }

  public GitSourceSettings withSsh(Path key, Path hosts) {
    return new GitSourceSettings(
        url,
        branch,
        path,
        Optional.of(key),
        Optional.of(hosts),
        tokenFile,
        tokenUser,
        caFile,
        timeout);
  }

  public GitSourceSettings withToken(Path file, String user) {
    return new GitSourceSettings(
        url, branch, path, sshKey, knownHosts, Optional.of(file), user, caFile, timeout);
  }

  public GitSourceSettings withCaFile(Path file) {
    return new GitSourceSettings(
        url, branch, path, sshKey, knownHosts, tokenFile, tokenUser, Optional.of(file), timeout);
  }

  public GitSourceSettings withTimeout(Duration newTimeout) {
    return new GitSourceSettings(
        url, branch, path, sshKey, knownHosts, tokenFile, tokenUser, caFile, newTimeout);
  }

  /**
   * {@code .}, or a relative folder without {@code ..}, with forward slashes and no trailing one.
   */
  private static String normalizePath(String path) {
    String p = path.strip().replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty() || p.equals(".")) {
      return ".";
    }
    if (p.startsWith("/")) {
      throw new IllegalArgumentException("[source] path must be inside the repository: " + path);
    }
    for (String part : p.split("/")) {
      if (part.isEmpty() || part.equals(".") || part.equals("..") || part.equals(".git")) {
        throw new IllegalArgumentException(
            "[source] path must be a plain folder inside the repository: " + path);
      }
    }
    return p;
  }
}
