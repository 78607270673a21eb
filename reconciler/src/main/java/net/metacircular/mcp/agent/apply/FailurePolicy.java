package net.metacircular.mcp.agent.apply;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import net.metacircular.mcp.agent.plan.Action;
import net.metacircular.mcp.agent.plan.Action.Create;
import net.metacircular.mcp.agent.plan.Action.Prune;
import net.metacircular.mcp.agent.plan.Action.Recreate;
import net.metacircular.mcp.agent.plan.Action.Start;
import net.metacircular.mcp.agent.plan.Action.Stop;
import net.metacircular.mcp.agent.plan.DeployRequest;
import net.metacircular.mcp.agent.runtime.PodmanException;
import net.metacircular.mcp.schema.SpecHash;
import net.metacircular.mcp.schema.status.ComponentCondition;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.ConditionKind;
import net.metacircular.mcp.schema.status.Failure;
import net.metacircular.mcp.schema.status.FailureClass;

/**
 * What the executor does about a component whose action failed: when it is tried again ({@link
 * RetryPolicy}), and what of a failure is news worth an event. A component that failed is not tried
 * before its next retry, unless its spec changed since (a new commit that fixes it deploys at once)
 * or an operator deploys it ({@code mcp deploy}); both start its backoff afresh. A repeat of the
 * same failure is counted in the condition, not written again: one event when it starts (or its
 * reason changes), at most one {@code still failing} event an hour, and the event of the action
 * that finally succeeds says it recovered.
 *
 * <p>Thread-safe: the executor applies services side by side.
 */
final class FailurePolicy {
  /** How often a failure that goes on is mentioned again. */
  static final Duration REMINDER = Duration.ofHours(1);

  private final RetryPolicy retry;

  FailurePolicy(RetryPolicy retry) {
    this.retry = retry;
  }

  /**
   * Why {@code a} must wait, when its component failed and is not due yet; empty when it may run.
   */
  Optional<String> waiting(
      Action a, Optional<ComponentCondition> current, Set<DeployRequest> deploys) {
    Optional<Failure> failure = failure(current);
    if (failure.isEmpty()
        || !retried(a)
        || !sameAction(a, failure.get())
        || fresh(a, current.get(), deploys)) {
      return Optional.empty();
    }
    Optional<Instant> next = failure.get().nextRetry();
    if (next.isEmpty() || retry.due(next.get())) {
      return Optional.empty();
    }
    Failure f = failure.get();
    return Optional.of(
        a.containerName()
            + " failed "
            + (f.attempts() == 1 ? "once" : f.attempts() + " times in a row")
            + " ("
            + f.failureClass().word()
            + (f.failureClass() == FailureClass.PERMANENT ? ", needs a person" : "")
            + "); next try "
            + next.get().truncatedTo(ChronoUnit.SECONDS)
            + ", or now "
            + tryNow(a)
            + ": "
            + current.get().condition().detail());
  }

  /**
   * How a person tries {@code a} before its retry: a deploy, except for a prune, whose service this
   * node no longer runs (its file is gone or names another node), so that a deploy does not reach
   * it: removing the container by hand is what the prune would have done.
   */
  private static String tryNow(Action a) {
    if (a instanceof Prune) {
      return "by hand on the node, podman rm -f "
          + a.containerName()
          + " (mcp deploy does not reach a service this node no longer runs)";
    }
    return "with mcp deploy " + a.service() + "/" + a.component();
  }

  /**
   * The condition of a component whose action {@code a} just failed with {@code cause}: attempts
   * counted on from the previous failure of the same spec, the next retry set.
   */
  Condition failed(
      Action a,
      String verb,
      String why,
      Throwable cause,
      Optional<ComponentCondition> previous,
      Set<DeployRequest> deploys) {
    boolean permanent = permanent(cause);
    int attempts =
        failure(previous)
            .filter(f -> !fresh(a, previous.get(), deploys))
            .map(f -> f.attempts() + 1)
            .orElse(1);
    Instant now = retry.clock().instant();
    Failure f =
        new Failure(
            permanent ? FailureClass.PERMANENT : FailureClass.TRANSIENT,
            verb,
            attempts,
            now,
            Optional.of(retry.nextRetry(attempts, permanent)),
            retryable(a));
    Condition c = Condition.failed(why, f);
    String commit = Executor.commitOf(a);
    return commit == null ? c : c.withCommit(commit);
  }

  /**
   * The condition of a component skipped because one it depends on failed: failed too, counted, but
   * with no retry time of its own: it is tried again whenever that one is.
   */
  Condition skipped(Action a, String verb, String why, Optional<ComponentCondition> previous) {
    int attempts = failure(previous).map(f -> f.attempts() + 1).orElse(1);
    Failure f =
        new Failure(
            FailureClass.TRANSIENT, verb, attempts, retry.clock().instant(), Optional.empty());
    Condition c = Condition.failed(why, f);
    String commit = Executor.commitOf(a);
    return commit == null ? c : c.withCommit(commit);
  }

  /**
   * The event to write for the failure recorded as {@code now} (after {@code previous}): the
   * failure itself when it is new, its reason changed or it was tried afresh; a reminder when
   * another hour of it began; else none.
   */
  Optional<String> event(Optional<ComponentCondition> previous, Condition now, String why) {
    Failure f = now.failure().orElseThrow();
    if (!repeat(previous, now)) {
      return Optional.of(why);
    }
    Instant since = previous.get().since();
    Instant before = previous.get().condition().failure().map(Failure::lastTry).orElse(since);
    long hoursBefore = Duration.between(since, before).dividedBy(REMINDER);
    long hoursNow = Duration.between(since, f.lastTry()).dividedBy(REMINDER);
    if (hoursNow <= hoursBefore) {
      return Optional.empty();
    }
    return Optional.of(
        "still failing after "
            + hoursNow
            + "h ("
            + attempts(f.attempts())
            + " since "
            + since.truncatedTo(ChronoUnit.SECONDS)
            + "): "
            + why);
  }

  /**
   * Whether {@code now} is the failure {@code previous} recorded, failing again on a retry (not a
   * fresh try): not news, beyond an hourly reminder.
   */
  boolean repeat(Optional<ComponentCondition> previous, Condition now) {
    return now.failure().map(Failure::attempts).orElse(1) > 1
        && previous.map(p -> p.condition().sameAs(now)).orElse(false);
  }

  /**
   * What the success event of a component that had been failing adds: {@code " (recovered after 3
   * failed attempts since …)"}; empty text when it had not failed.
   */
  String recovered(Optional<ComponentCondition> previous) {
    return failure(previous)
        .map(
            f ->
                " (recovered after "
                    + attempts(f.attempts())
                    + " failed since "
                    + previous.get().since().truncatedTo(ChronoUnit.SECONDS)
                    + ")")
        .orElse("");
  }

  /** Whether {@code previous} is a failure, so that trying again is a retry. */
  boolean retrying(Optional<ComponentCondition> previous) {
    return failure(previous).isPresent();
  }

  /**
   * Whether the backoff applies to {@code a}: actions that create, start, stop or prune a container
   * (a stop or prune that keeps failing would otherwise call podman every cycle).
   */
  static boolean retried(Action a) {
    return retryable(a).isPresent() || a instanceof Stop || a instanceof Prune;
  }

  /**
   * Whether {@code f} is a failure of what {@code a} does: a stop or prune waits only after a stop
   * or prune failed, not behind an earlier create's backoff.
   */
  private static boolean sameAction(Action a, Failure f) {
    return switch (a) {
      case Stop s -> f.action().equals("stop");
      case Prune p -> f.action().equals("prune");
      default -> true;
    };
  }

  /** Transient unless podman (or what ran before it) said something only a person can mend. */
  static boolean permanent(Throwable cause) {
    return switch (cause) {
      case PodmanException p -> p.failure().permanent();
      // A host path the agent may not provide: created, replaced or granted by a person.
      case VolumeDirectories.VolumeException v -> v.permanent();
      // Refused before podman ran: an image reference or name podman would take for an option.
      // The input must change.
      case IllegalArgumentException e -> true;
      default -> false;
    };
  }

  /** One sentence: podman's reason when podman failed, else the exception's message. */
  static String reason(Throwable cause) {
    return cause instanceof PodmanException p ? p.failure().reason() : String.valueOf(cause);
  }

  /**
   * Whether {@code a} is a new try rather than a retry: an operator asked for it, or the spec
   * differs from the one that failed (the failure keeps its hash in the registry, so this holds
   * across a restart; when it is not known, a failure recorded by an older agent: the commit).
   */
  private boolean fresh(Action a, ComponentCondition current, Set<DeployRequest> deploys) {
    if (deploys.stream().anyMatch(d -> d.covers(a.service(), a.component()))) {
      return true;
    }
    Optional<String> hash = retryable(a);
    Optional<String> failedWith = current.condition().failure().flatMap(Failure::specHash);
    if (hash.isPresent() && failedWith.isPresent()) {
      return !hash.get().equals(failedWith.get());
    }
    String commit = Executor.commitOf(a);
    return commit != null && current.condition().commit().map(c -> !c.equals(commit)).orElse(true);
  }

  /** The spec hash of an action the backoff applies to: those that create or start a container. */
  private static Optional<String> retryable(Action a) {
    return switch (a) {
      case Create c -> Optional.of(c.specHash());
      case Recreate r -> Optional.of(r.specHash());
      case Start s -> Optional.of(SpecHash.of(s.target()));
      default -> Optional.empty();
    };
  }

  private static Optional<Failure> failure(Optional<ComponentCondition> c) {
    return c.filter(x -> x.kind() == ConditionKind.FAILED).flatMap(x -> x.condition().failure());
  }

  private static String attempts(int n) {
    return n == 1 ? "1 attempt" : n + " attempts";
  }
}
