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
   * The agent's words for a failure it has nothing to roll back to (a first deploy failed): the
   * rollout stays {@code failed}, so a wait has no rollback to look for.
   */
  static final String NOTHING_TO_ROLL_BACK_TO = "no earlier healthy spec to roll back to";

  /**
   * The agent's verdict that a health gate or soak failed, when {@code on_failure = "rollback"} has
   * it roll back next: {@code failed}, naming the commit rolled out as the failed one, with
   * somewhere to go back to. (A rollback that failed names the commit it went back to instead; a
   * first deploy's failure says there is nothing to roll back to.) The rollback follows in the same
   * reconcile cycle: its outcome is a look or a few later.
   */
  public static boolean rollbackFollows(RolloutInfo r) {
    return r != null
        && "failed".equals(r.phase())
        && r.failedCommit() != null
        && r.failedCommit().equals(r.commit())
        && (r.reason() == null || !r.reason().contains(NOTHING_TO_ROLL_BACK_TO));
  }

  /**
   * How a wait ends on a failed rollout, reason first: {@code rollout of 4c1d2e9 failed: <reason>;
   * rolled back to 3f2a1c0; 4c1d2e9 quarantined}, or {@code rollout of 4c1d2e9 failed, then the
   * rollback of app to 3f2a1c0 failed: …}, or {@code rollout of 4c1d2e9 failed: <reason>} (the
   * agent's reason says when there was nothing to roll back to).
   */
  public static String verdict(RolloutInfo r) {
    String reason = r.reason() == null || r.reason().isBlank() ? "no reason given" : r.reason();
    String failed = "rollout of " + Fmt.commit(subject(r)) + " failed";
    if ("rolled_back".equals(r.phase())) {
      return failed
          + ": "
          + reason
          + (r.commit() == null ? "" : "; rolled back to " + Fmt.commit(r.commit()))
          + (r.failedCommit() == null ? "" : "; " + Fmt.commit(r.failedCommit()) + " quarantined");
    }
    if (r.failedCommit() != null && r.commit() != null && !r.failedCommit().equals(r.commit())) {
      return failed + ", then " + reason; // the agent's reason: "the rollback of … failed: …"
    }
    return failed + ": " + reason;
  }

  /**
   * What a wait for {@code awaited} makes of a service's rollout: empty when it has nothing to say
   * (none, passed, or about an older commit), else a step of the wait.
   *
   * @param reached whether a commit is the awaited one or a later one (a descendant of it)
   * @param soakWait whether to wait through a soak ({@code --no-soak-wait} does not)
   * @param rollback whether the service's {@code on_failure} is {@code "rollback"}: a failed gate
   *     or soak is then followed by the agent's rollback, which the wait looks for
   * @param now the agent's time, for the time left
   */
  public static Optional<Step> step(
      RolloutInfo r, Predicate<String> reached, boolean soakWait, boolean rollback, Instant now) {
    if (r == null || subject(r) == null || !reached.test(subject(r))) {
      return Optional.empty();
    }
    if (rollback && rollbackFollows(r)) {
      return Optional.of(new Step(true, true, verdict(r) + "; rolling back", null));
    }
    if (failed(r)) {
      return Optional.of(new Step(true, false, verdict(r), null));
    }
    if (inProgress(r) && soakWait) {
      return Optional.of(new Step(false, false, progress(r, now), r.until()));
    }
    return Optional.empty();
  }

  /**
   * One step of a wait on a rollout.
   *
   * @param failed it failed or was rolled back: the wait ends, exit 3
   * @param rollingBack it failed and the agent rolls it back next: the wait looks a little longer
   *     (up to {@link #ROLLBACK_OUTCOME}) for the rollback's outcome, then ends
   * @param text for people
   * @param until when the gate or soak in progress ends; null when not known or failed
   */
  public record Step(boolean failed, boolean rollingBack, String text, Instant until) {}

  /**
   * How long a wait looks for the outcome of a rollback once the agent said the gate or soak
   * failed: the rollback recreates the changed components and passes their health gate in the same
   * cycle, normally within a few of the agent's 2 s looks; the bound keeps a slow one from holding
   * the wait (it then ends saying the agent is still rolling back).
   */
  public static final Duration ROLLBACK_OUTCOME = Duration.ofSeconds(30);

  /** The end of a wait whose rollback outcome did not come within {@link #ROLLBACK_OUTCOME}. */
  public static String stillRollingBack(String stepText) {
    return stepText
        + " (no outcome after "
        + Fmt.duration(ROLLBACK_OUTCOME.toSeconds())
        + ": the agent is still at it)";
  }
}
