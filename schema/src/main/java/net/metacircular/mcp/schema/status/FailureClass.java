package net.metacircular.mcp.schema.status;

import java.util.Locale;
import java.util.Optional;

/** Whether a failure can go away by itself; on the wire, {@link #word()}. */
public enum FailureClass {
  /**
   * It may pass (a registry unreachable, a timeout, podman unavailable): retried with a backoff
   * that grows.
   */
  TRANSIENT,
  /**
   * It will not pass by retrying (an invalid image reference, a name held by a foreign container, a
   * manifest that does not exist): retried only at the longest backoff, and it needs a person.
   */
  PERMANENT;

  /** {@code transient} or {@code permanent}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The class of a {@link #word()}; empty for any other word. */
  public static Optional<FailureClass> fromWord(String word) {
    for (FailureClass c : values()) {
      if (c.word().equals(word)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
