package net.metacircular.mcp.schema.status;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a failing component is being retried: part of a {@link Condition} of a {@link
 * ConditionKind#retried() retried} kind.
 *
 * @param failureClass whether the failure may pass by itself
 * @param action what failed, as a verb: {@code create}, {@code recreate}, {@code start}, {@code
 *     activate} (starting it after its service was made active: tried again whatever {@code
 *     self_heal} says), {@code stop}, {@code prune}, …
 * @param attempts how many tries in a row failed, at least 1
 * @param lastTry when the last one failed
 * @param nextRetry when the next try is due; empty when none is scheduled
 * @param specHash the spec hash of the component the failed action applied, when known: a later
 *     action with another hash is a new try (its backoff starts afresh), not a retry. Kept with the
 *     condition so that it survives a restart of the agent.
 */
public record Failure(
    FailureClass failureClass,
    String action,
    int attempts,
    Instant lastTry,
    Optional<Instant> nextRetry,
    Optional<String> specHash) {
  private static final Pattern VERB = Pattern.compile("[a-z][a-z_]*");

  public Failure {
    Objects.requireNonNull(failureClass, "failure class is missing (null)");
    Objects.requireNonNull(action, "failed action is missing (null)");
    Objects.requireNonNull(lastTry, "failure's last try is missing (null)");
    Objects.requireNonNull(
        nextRetry, "failure's next retry is missing (null); pass Optional.empty()");
    Objects.requireNonNull(
        specHash, "failure's spec hash is missing (null); pass Optional.empty()");
    if (specHash.isPresent() && specHash.get().isBlank()) {
      throw new IllegalArgumentException("failure's spec hash is blank; pass Optional.empty()");
    }
    if (!VERB.matcher(action).matches()) {
      throw new IllegalArgumentException(
          "failed action \"" + action + "\" is not a lower-case verb such as create or activate");
    }
    if (attempts < 1) {
      throw new IllegalArgumentException(
          "failure attempts must be at least 1 (the try that failed), got " + attempts);
    }
    if (nextRetry.isPresent() && nextRetry.get().isBefore(lastTry)) {
      throw new IllegalArgumentException(
          "failure's next retry "
              + nextRetry.get()
              + " is before its last try "
              + lastTry
              + "; a retry comes after the try that failed");
    }
  }

  /** A failure whose spec hash is not known (a skipped component, a crash loop). */
  public Failure(
      FailureClass failureClass,
      String action,
      int attempts,
      Instant lastTry,
      Optional<Instant> nextRetry) {
    this(failureClass, action, attempts, lastTry, nextRetry, Optional.empty());
  }

  /** A first failure of {@code action}, at {@code at}, with no retry scheduled yet. */
  public static Failure first(FailureClass failureClass, String action, Instant at) {
    return new Failure(failureClass, action, 1, at, Optional.empty());
  }

  /** This failure with its next try due at {@code at}. */
  public Failure retryAt(Instant at) {
    return new Failure(failureClass, action, attempts, lastTry, Optional.of(at), specHash);
  }
}
