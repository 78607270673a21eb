package net.metacircular.mcp.agent.config;

import java.time.Duration;
import java.util.Objects;

/**
 * {@code [incidents]}: when a failure that may pass by itself becomes an incident the {@code
 * [[notify]]} receivers are told of. One per agent, since an incident is one per node whoever
 * receives it.
 *
 * @param openAfter how long a transient failure, or drift with self-heal off, lasts first
 * @param sourceAfter how long fetches of the source fail first
 */
public record IncidentsConfig(Duration openAfter, Duration sourceAfter) {
  public static final IncidentsConfig DEFAULT =
      new IncidentsConfig(Duration.ofMinutes(2), Duration.ofMinutes(10));

  public IncidentsConfig {
    Objects.requireNonNull(openAfter, "openAfter");
    Objects.requireNonNull(sourceAfter, "sourceAfter");
    if (openAfter.isNegative() || sourceAfter.isNegative()) {
      throw new IllegalArgumentException("incident delays must not be negative");
    }
  }
}
