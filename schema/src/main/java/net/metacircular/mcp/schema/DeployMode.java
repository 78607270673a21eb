package net.metacircular.mcp.schema;

import java.util.Locale;
import java.util.Optional;

/** When a changed service is applied. */
public enum DeployMode {
  /** Each new commit is applied. */
  AUTO,
  /** Changes show as out of sync until {@code mcp deploy}. */
  MANUAL;

  /** Reads a service file's {@code deploy} value: {@code auto} or {@code manual}. */
  public static Optional<DeployMode> parse(String word) {
    for (DeployMode m : values()) {
      if (m.word().equals(word)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** The word used in service files: {@code auto} or {@code manual}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
