package net.metacircular.mcp.cli.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import net.metacircular.mcp.schema.api.RolloutInfo;

/**
 * A service's rollout (DESIGN.md, "Rollout") for people and for the CLI's waits: {@code soaking
 * (1m12s left)}, {@code rolled back: <reason>; 4c1d2e9 quarantined, running 3f2a1c0}.
 */
public final class RolloutText {
  private RolloutText() {}

  /** A health gate or soak in progress: a wait goes on through it. */
  public static boolean inProgress(RolloutInfo r) {
    return r != null && ("deploying".equals(r.phase()) || "soaking".equals(r.phase()));
  }

  /** It failed or was rolled back: the service is not where its file says (exit 3). */
  public static boolean failed(RolloutInfo r) {
    return r != null && ("failed".equals(r.phase()) || "rolled_back".equals(r.phase()));
  }

  /**
   * The commit the rollout's verdict is about: the failed one for a failure or rollback, else the
   * one being rolled out.
   */
  public static String subject(RolloutInfo r) {
    return failed(r) && r.failedCommit() != null ? r.failedCommit() : r.commit();
  }

  /**
   * {@code soaking (1m12s left)}, {@code deploying (health gate, 20s left)}; {@code now}: the
   * agent's.
   */
  public static String progress(RolloutInfo r, Instant now) {
    String left =
        r.until() == null
            ? ""
            : Fmt.duration(Math.max(0, Duration.between(now, r.until()).toSeconds())) + " left";
    return "soaking".equals(r.phase())
        ? "soaking" + (left.isEmpty() ? "" : " (" + left + ")")
        : "deploying (health gate" + (left.isEmpty() ? "" : ", " + left) + ")";
  }

  /**
   * {@code rolled back: <reason>; 4c1d2e9 quarantined, running 3f2a1c0}, or {@code rollout of
   * 4c1d2e9 failed: <reason>}.
   */
  public static String failure(RolloutInfo r) {
    String reason = r.reason() == null || r.reason().isBlank() ? "no reason given" : r.reason();
    if ("rolled_back".equals(r.phase())) {
      return "rolled back: "
          + reason
          + (r.failedCommit() == null ? "" : "; " + Fmt.commit(r.failedCommit()) + " quarantined")
          + (r.commit() == null ? "" : ", running " + Fmt.commit(r.commit()));
    }
    return "rollout of " + Fmt.commit(subject(r)) + " failed: " + reason;
  }

  /**
   * What a wait for {@code awaited} makes of a service's rollout: empty when it has nothing to say
   * (none, passed, or about an older commit), else a step of the wait.
   *
   * @param reached whether a commit is the awaited one or a later one (a descendant of it)
   * @param soakWait whether to wait through a soak ({@code --no-soak-wait} does not)
   * @param now the agent's time, for the time left
   */
  public static Optional<Step> step(
      RolloutInfo r, Predicate<String> reached, boolean soakWait, Instant now) {
    if (r == null || subject(r) == null || !reached.test(subject(r))) {
      return Optional.empty();
    }
    if (failed(r)) {
      return Optional.of(new Step(true, failure(r), null));
    }
    if (inProgress(r) && soakWait) {
      return Optional.of(new Step(false, progress(r, now), r.until()));
    }
    return Optional.empty();
  }

  /**
   * One step of a wait on a rollout.
   *
   * @param failed it failed or was rolled back: the wait ends, exit 3
   * @param text for people
   * @param until when the gate or soak in progress ends; null when not known or failed
   */
  public record Step(boolean failed, String text, Instant until) {}
}
