package net.metacircular.mcp.agent.runtime;

import java.util.Objects;

/**
 * The outcome of one {@code podman healthcheck run}.
 *
 * @param status healthy, unhealthy, or no healthcheck defined
 * @param output what the failing check printed (podman's health log), empty otherwise
 */
public record HealthResult(Status status, String output) {

  /** What one check said. */
  public enum Status {
    HEALTHY,
    UNHEALTHY,
    NO_HEALTHCHECK
  }

  public static final HealthResult HEALTHY = new HealthResult(Status.HEALTHY, "");
  public static final HealthResult NO_HEALTHCHECK = new HealthResult(Status.NO_HEALTHCHECK, "");

  public HealthResult {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(output, "output");
  }

  public static HealthResult unhealthy(String output) {
    return new HealthResult(Status.UNHEALTHY, output);
  }

  public boolean healthy() {
    return status == Status.HEALTHY;
  }
}
