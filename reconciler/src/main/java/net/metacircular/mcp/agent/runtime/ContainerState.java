package net.metacircular.mcp.agent.runtime;

import java.util.Locale;

/** podman's container states. */
public enum ContainerState {
  CREATED,
  RUNNING,
  PAUSED,
  STOPPING,
  STOPPED,
  EXITED,
  REMOVING,
  UNKNOWN;

  /** podman's word ({@code running}, {@code exited}, …); anything unrecognised is UNKNOWN. */
  public static ContainerState fromPodman(String word) {
    if (word == null) {
      return UNKNOWN;
    }
    try {
      return valueOf(word.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return UNKNOWN;
    }
  }
}
