package net.metacircular.mcp.schema.api;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import net.metacircular.mcp.schema.status.ConditionKind;

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
 * @param condition deprecated, kept for one release: the condition as one string ({@code
 *     drift:<detail>}, {@code conflict:…}, {@code out-of-sync:…}, {@code failed:…}), or null when
 *     ok; read {@code conditionKind} and the fields after it instead
 * @param conditionKind the component's condition, a {@link ConditionKind#word()}: {@code ok},
 *     {@code drift}, {@code out_of_sync}, {@code conflict}, {@code inactive}, {@code failed},
 *     {@code crash_loop}, {@code unhealthy}, {@code quarantined}, {@code suspended}; null only from
 *     an agent older than this field
 * @param conditionDetail why, in a sentence; empty when ok
 * @param conditionSince since when the component is of this kind; null when never recorded
 * @param conditionCommit the commit the condition concerns (the spec that failed, the newer spec
 *     not deployed), or null
 * @param failureClass for {@code failed} and {@code crash_loop}: {@code transient} (retried with a
 *     growing backoff) or {@code permanent} (needs a person); else null
 * @param failedAction what failed ({@code create}, {@code recreate}, {@code start}, {@code
 *     activate}, {@code stop}, …), or null
 * @param attempts how many tries in a row failed, or null
 * @param lastTry when the last try failed, or null
 * @param nextRetry when the agent tries again, or null when no retry is scheduled
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
    String condition,
    String conditionKind,
    String conditionDetail,
    Instant conditionSince,
    String conditionCommit,
    String failureClass,
    String failedAction,
    Integer attempts,
    Instant lastTry,
    Instant nextRetry) {

  /**
   * A managed component that should run and whose health check keeps failing: a problem of the
   * node's status as drift is, though podman still shows the container running.
   */
  public boolean unhealthy() {
    return (managed && desiredRunning && "unhealthy".equals(health))
        || kind().orElse(null) == ConditionKind.UNHEALTHY;
  }

  // The predicates below are what clients decide on (mcp status, the CLI's waits): computed here,
  // once, from the agent's typed condition, so that no client works them out of strings. None is
  // named get… or is…, so none is written to the JSON.

  /**
   * The condition's kind; empty from an agent older than the field, or of a kind not known here.
   */
  public Optional<ConditionKind> kind() {
    return Optional.ofNullable(conditionKind).flatMap(ConditionKind::fromWord);
  }

  /**
   * The last action on it failed, it is crash-looping or quarantined: a wait for it ends here (exit
   * 3), whether the agent retries or not ({@link #nextRetry} says when).
   */
  public boolean failed() {
    return kind().map(ConditionKind::failure).orElse(false);
  }

  /** A container MCP does not own holds its name, or another node's agent's does. */
  public boolean conflict() {
    return (observedState != null && !managed) || kind().orElse(null) == ConditionKind.CONFLICT;
  }

  /**
   * It is as the agent means it to be: a declared component runs healthy with the desired spec (a
   * {@code deploy = "manual"} one may be out of sync: it waits for {@code mcp deploy}) or is
   * stopped when its service is inactive; a component removed from the file has no container left.
   */
  public boolean converged() {
    boolean ours = observedState != null && managed;
    if (desiredImage == null) {
      return !ours;
    }
    if (failed() || drift || conflict() || unhealthy()) {
      return false;
    }
    boolean running = ours && "running".equals(observedState);
    if (!desiredRunning) {
      return !running;
    }
    return running
        && !"starting".equals(health)
        && !"unhealthy".equals(health)
        && (outOfSync || Objects.equals(desiredSpecHash, appliedSpecHash));
  }

  /**
   * Not there yet, and nothing is wrong: the agent is still on its way (creating, starting, health
   * starting). Drift and conflicts wait for a person and are not this; failures are {@link
   * #failed}.
   */
  public boolean waiting() {
    return !converged() && !failed() && !drift && !conflict();
  }
}
