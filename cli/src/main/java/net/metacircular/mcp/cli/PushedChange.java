package net.metacircular.mcp.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A commit that changed a service's desired state and reached the remote.
 *
 * @param service the service whose file changed, e.g. {@code metacrypt}
 * @param nodes the nodes whose agents must sync: the service's node after the change, and before it
 *     if the change moved the service
 * @param commit the full hash of the commit pushed
 * @param shortCommit its abbreviation, for people
 * @param subject the commit's subject line, e.g. {@code mcp: stop metacrypt}
 * @param upstream where it was pushed, e.g. {@code origin/main}
 * @param servicesDir the clone it was committed in
 * @param unreachableAfter how long a node may stay unreachable before the wait for it stops ({@code
 *     --unreachable-after})
 * @param soakWait whether the wait goes on through the agent's health gate and soak until its
 *     verdict (false: {@code --no-soak-wait}, done once applied)
 */
public record PushedChange(
    String service,
    List<String> nodes,
    String commit,
    String shortCommit,
    String subject,
    String upstream,
    Path servicesDir,
    Duration unreachableAfter,
    boolean soakWait) {

  public PushedChange {
    Objects.requireNonNull(service, "service");
    nodes = List.copyOf(nodes);
    Objects.requireNonNull(commit, "commit");
    if (unreachableAfter.isNegative() || unreachableAfter.isZero()) {
      throw new IllegalArgumentException("unreachableAfter must be positive");
    }
  }
}
