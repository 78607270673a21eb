package net.metacircular.mcp.schema.api;

import java.time.Instant;

/**
 * One component in {@code GET /v1/status}: desired, applied and observed side by side.
 *
 * @param name the component
 * @param container its container name, {@code <service>-<component>}
 * @param desiredImage the image the fetched commit declares; null when the component is no longer
 *     declared
 * @param desiredSpecHash the spec hash of the declared component
 * @param desiredRunning whether it should be running (the service is active)
 * @param appliedImage the image last applied
 * @param appliedSpecHash the spec hash last applied
 * @param appliedCommit the commit last applied
 * @param appliedAt when
 * @param observedState podman's state now ({@code running}, {@code exited}, …); null when there is
 *     no container
 * @param observedStatus podman's status text, e.g. {@code Up 5 minutes}
 * @param observedImage the image of the container
 * @param observedSpecHash the {@code mcp.spec-hash} label of the container
 * @param containerId the container's id
 * @param startedAt when the container last started
 * @param managed whether the container carries {@code mcp.managed=true} (false: a foreign container
 *     holds the name, a conflict)
 * @param health the last observed health ({@code healthy}, {@code unhealthy}, {@code starting}), or
 *     null without a health check
 * @param drift desired running but not running, or a drift or conflict condition reported
 * @param outOfSync the applied spec differs from the desired one and is not being applied (a {@code
 *     manual} service, or a deploy that failed)
 * @param condition the condition last reported by the reconciler ({@code ok}, {@code drift:…},
 *     {@code conflict:…}, {@code out-of-sync:…}), or null
 */
public record ComponentStatus(
    String name,
    String container,
    String desiredImage,
    String desiredSpecHash,
    boolean desiredRunning,
    String appliedImage,
    String appliedSpecHash,
    String appliedCommit,
    Instant appliedAt,
    String observedState,
    String observedStatus,
    String observedImage,
    String observedSpecHash,
    String containerId,
    Instant startedAt,
    boolean managed,
    String health,
    boolean drift,
    boolean outOfSync,
    String condition) {

  /**
   * A managed component that should run and whose health check keeps failing: a problem of the
   * node's status as drift is, though podman still shows the container running.
   */
  public boolean unhealthy() {
    return managed && desiredRunning && "unhealthy".equals(health);
  }
}
