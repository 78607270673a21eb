package net.metacircular.mcp.agent.rollout;

import java.util.Locale;

/** Where a service's last deploy stands ({@code RolloutInfo.phase}). */
public enum Phase {
  DEPLOYING,
  SOAKING,
  PASSED,
  FAILED,
  ROLLED_BACK;

  /** The word of the API and the registry: {@code soaking}, {@code rolled_back}. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Phase fromWord(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT));
  }
}
