package net.metacircular.mcp.schema.status;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What state a component is in, as the reconciler last computed it. On the wire and in the registry
 * each kind is its {@link #word()}: {@code ok}, {@code out_of_sync}, …
 */
public enum ConditionKind {
  /** As desired: running (or stopped, for an inactive service) with the applied spec. */
  OK,
  /** Changed outside MCP (stopped, exited, missing, spec changed) and not healed. */
  DRIFT,
  /** A {@code deploy = "manual"} service whose file has a newer spec than the one applied. */
  OUT_OF_SYNC,
  /** A container MCP does not own holds the component's name: left alone. */
  CONFLICT,
  /** Kept stopped because its service is inactive ({@code active = false}). */
  INACTIVE,
  /** The last action on it failed; retried (see {@link Failure}). */
  FAILED,
  /** Its container keeps dying; started again on the agent's backoff. */
  CRASH_LOOP,
  /** Running, but its health check fails. */
  UNHEALTHY,
  /** Its spec failed its rollout and is not applied again until a newer one. */
  QUARANTINED,
  /** An operator suspended its service: it is left alone. */
  SUSPENDED;

  /** The wire and registry word: the name in lower case ({@code out_of_sync}). */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind of a {@link #word()}; empty for a word this version does not know. */
  public static Optional<ConditionKind> fromWord(String word) {
    for (ConditionKind k : values()) {
      if (k.word().equals(word)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /**
   * The kind of {@code word}.
   *
   * @throws IllegalArgumentException naming the words known, for any other
   */
  public static ConditionKind parse(String word) {
    return fromWord(word)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown condition kind \""
                        + word
                        + "\"; known kinds: "
                        + Arrays.stream(values())
                            .map(ConditionKind::word)
                            .collect(Collectors.joining(", "))));
  }

  /**
   * Whether an action failed on it and is tried again on a backoff: only these kinds carry a {@link
   * Failure}.
   */
  public boolean retried() {
    return this == FAILED || this == CRASH_LOOP;
  }

  /**
   * Whether it is stuck until something changes (a retry succeeds, a person acts): failed, crash
   * loop, quarantined. A client waiting for convergence stops waiting on these.
   */
  public boolean failure() {
    return this == FAILED || this == CRASH_LOOP || this == QUARANTINED;
  }
}
