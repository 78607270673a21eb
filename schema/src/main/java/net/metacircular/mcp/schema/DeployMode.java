package net.metacircular.mcp.schema;

import java.util.Locale;

/** When a changed service is applied. */
public enum DeployMode {
  /** Each new commit is applied. */
  AUTO,
  /** Changes show as out of sync until {@code mcp deploy}. */
  MANUAL;

  /** The word used in service files: {@code auto} or {@code manual}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }
}
