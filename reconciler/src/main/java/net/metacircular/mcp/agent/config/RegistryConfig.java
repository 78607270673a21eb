package net.metacircular.mcp.agent.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code [registry]}.
 *
 * @param keepEvents how long events are kept; older ones are deleted by the agent
 */
public record RegistryConfig(Duration keepEvents) {
  /** Three months of history: enough to answer "what changed last quarter". */
  public static final Duration DEFAULT_KEEP_EVENTS = Duration.ofDays(90);

  public RegistryConfig {
    Objects.requireNonNull(keepEvents, "keepEvents");
  }
}
