package net.metacircular.mcp.schema;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A service's {@code [rollout]} table: how long a deploy is watched after its health gate, and what
 * a failure then does. Not part of any component's spec hash: changing it recreates nothing.
 *
 * @param soak how long the service is watched after a deploy; empty: the agent's {@code [reconcile]
 *     soak} decides ({@code 0s} turns soaking off)
 * @param onFailure what a failed soak does
 */
public record RolloutSpec(Optional<Duration> soak, OnFailure onFailure) {
  /** No {@code [rollout]} table: the agent's soak, and a rollback on failure. */
  public static final RolloutSpec DEFAULT = new RolloutSpec(Optional.empty(), OnFailure.ROLLBACK);

  public RolloutSpec {
    Objects.requireNonNull(soak, "soak");
    Objects.requireNonNull(onFailure, "onFailure");
    if (soak.filter(Duration::isNegative).isPresent()) {
      throw new IllegalArgumentException("soak must not be negative, got " + soak.get());
    }
  }

  /** The soak of this service, given the agent's own {@code [reconcile] soak}. */
  public Duration soak(Duration agentDefault) {
    return soak.orElse(agentDefault);
  }

  /** What a failed soak does. */
  public enum OnFailure {
    /** Recreate the changed components from the last healthy spec, and quarantine the failed. */
    ROLLBACK,
    /** Report only: the failed spec keeps running. */
    STAY;

    /** Reads a service file's {@code on_failure} value. */
    public static Optional<OnFailure> parse(String word) {
      for (OnFailure f : values()) {
        if (f.word().equals(word)) {
          return Optional.of(f);
        }
      }
      return Optional.empty();
    }

    /** The word used in service files: {@code rollback} or {@code stay}. */
    public String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
