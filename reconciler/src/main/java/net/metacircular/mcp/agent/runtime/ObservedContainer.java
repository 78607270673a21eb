package net.metacircular.mcp.agent.runtime;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One container as {@code podman ps -a --format json} shows it.
 *
 * @param id the full container id
 * @param name the container name (podman's first name)
 * @param state podman's state
 * @param status podman's human status, e.g. {@code Up 5 minutes (healthy)}
 * @param labels every label of the container
 * @param image the image reference it was created from
 * @param imageId the image id it runs
 * @param startedAt when it last started, if it has
 * @param exitCode the exit code of its last run
 */
public record ObservedContainer(
    String id,
    String name,
    ContainerState state,
    String status,
    Map<String, String> labels,
    String image,
    String imageId,
    Optional<Instant> startedAt,
    int exitCode) {
  /** The health podman appends to a running container's status: {@code Up 5 minutes (healthy)}. */
  private static final Pattern HEALTH = Pattern.compile("\\((healthy|unhealthy|starting)\\)");

  public ObservedContainer {
    labels = Map.copyOf(labels);
  }

  /** True when the agent created it; anything else is foreign and never touched. */
  public boolean managed() {
    return "true".equals(labels.get(Labels.MANAGED));
  }

  /**
   * Managed by the agent of {@code node}: only those does an agent change. A managed container of
   * another node's agent (or with no node label) is left alone like a foreign one.
   */
  public boolean ownedBy(String node) {
    return managed() && label(Labels.NODE).map(node::equals).orElse(false);
  }

  public Optional<String> label(String key) {
    return Optional.ofNullable(labels.get(key));
  }

  public boolean running() {
    return state == ContainerState.RUNNING;
  }

  /**
   * podman's health status of it ({@code starting}, {@code healthy}, {@code unhealthy}), as its
   * status shows it; empty when it has no health check or does not run. Without systemd, podman's
   * timers do not run the check: the agent runs it each cycle (see the reconciler's observer).
   */
  public Optional<String> health() {
    Matcher m = HEALTH.matcher(status);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }
}
