package net.metacircular.mcp.schema.status;

import java.util.Objects;
import java.util.Optional;

/**
 * A component's condition as the reconciler computes it: the kind, a detail for people, the commit
 * it concerns and, for a {@link ConditionKind#retried() retried} kind, how it is retried. When it
 * started is the registry's ({@link ComponentCondition#since()}): it moves only when the kind
 * changes, so it is not part of the value the planner computes.
 *
 * @param kind what state the component is in
 * @param detail why, in a sentence ({@code container exited (exit code 1); self_heal is off: …});
 *     empty only for {@link ConditionKind#OK}
 * @param commit the commit it concerns (the spec that failed, the newer spec not deployed); empty
 *     when none
 * @param failure how it is retried; only for a retried kind, and empty when not known
 */
public record Condition(
    ConditionKind kind, String detail, Optional<String> commit, Optional<Failure> failure) {

  /** Nothing to report. */
  public static final Condition OK =
      new Condition(ConditionKind.OK, "", Optional.empty(), Optional.empty());

  public Condition {
    Objects.requireNonNull(kind, "condition kind is missing (null)");
    Objects.requireNonNull(detail, "condition detail is missing (null)");
    Objects.requireNonNull(commit, "condition commit is missing (null); pass Optional.empty()");
    Objects.requireNonNull(failure, "condition failure is missing (null); pass Optional.empty()");
    if (detail.isBlank() && kind != ConditionKind.OK) {
      throw new IllegalArgumentException(
          "a condition of kind " + kind.word() + " needs a detail saying why; it is blank");
    }
    if (commit.isPresent() && commit.get().isBlank()) {
      throw new IllegalArgumentException("condition commit is blank; pass Optional.empty()");
    }
    if (failure.isPresent() && !kind.retried()) {
      throw new IllegalArgumentException(
          "a condition of kind "
              + kind.word()
              + " cannot carry a failure's retries; only failed and crash_loop do");
    }
  }

  /** A condition of {@code kind} with {@code detail}, no commit, no failure. */
  public static Condition of(ConditionKind kind, String detail) {
    return new Condition(kind, detail, Optional.empty(), Optional.empty());
  }

  /** A failed action: {@code detail} leads with the reason. */
  public static Condition failed(String detail, Failure failure) {
    return new Condition(ConditionKind.FAILED, detail, Optional.empty(), Optional.of(failure));
  }

  /** This condition concerning {@code commit}. */
  public Condition withCommit(String commit) {
    return new Condition(kind, detail, Optional.of(commit), failure);
  }

  /** Whether this is {@code kind}. */
  public boolean is(ConditionKind k) {
    return kind == k;
  }

  /**
   * Whether {@code other} says the same thing to people (same kind, same detail): a report is made
   * again only when this changes, so that an unchanged state writes no event. The commit and retry
   * counts do not count.
   */
  public boolean sameAs(Condition other) {
    return kind == other.kind && detail.equals(other.detail);
  }

  /** The failed action, when this is a failure that says which. */
  public Optional<String> failedAction() {
    return failure.map(Failure::action);
  }
}
