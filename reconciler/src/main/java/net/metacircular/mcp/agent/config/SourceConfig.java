package net.metacircular.mcp.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code [source]}: a git repository ({@code url}) or, for development, a plain folder ({@code
 * dir}) of service files.
 *
 * @param url git remote: ssh://, https://, file:// or scp-like user@host:path
 * @param dir a plain folder used instead of git
 * @param branch the branch followed
 * @param path the folder inside the repository holding the service files
 * @param pollInterval how often to fetch
 * @param sshKey deploy key for ssh remotes
 * @param knownHosts host keys for ssh remotes
 * @param tokenFile file holding the token for https remotes
 * @param tokenUser the user name sent with the token ({@code x-access-token} suits GitHub and
 *     Gitea; GitLab wants {@code oauth2})
 * @param caFile CA certificates to trust for https remotes, besides the JVM's
 * @param webhookSecretFile file holding the webhook secret
 * @param verifyCommits apply only commits signed by trusted keys
 * @param trustedKeys the trusted keys
 */
public record SourceConfig(
    Optional<String> url,
    Optional<Path> dir,
    String branch,
    String path,
    Duration pollInterval,
    Optional<Path> sshKey,
    Optional<Path> knownHosts,
    Optional<Path> tokenFile,
    String tokenUser,
    Optional<Path> caFile,
    Optional<Path> webhookSecretFile,
    boolean verifyCommits,
    Optional<Path> trustedKeys) {

  public SourceConfig {
    Objects.requireNonNull(branch, "branch");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(tokenUser, "tokenUser");
    if (url.isPresent() == dir.isPresent()) {
      throw new IllegalArgumentException("[source] needs exactly one of url and dir");
    }
  }
}
