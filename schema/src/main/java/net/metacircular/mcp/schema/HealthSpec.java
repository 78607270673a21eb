package net.metacircular.mcp.schema;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * podman's healthcheck for a component; a deploy waits for "healthy".
 *
 * @param cmd the command run inside the container; exit 0 is healthy
 * @param interval time between checks
 * @param retries failed checks in a row before "unhealthy"
 * @param startPeriod grace time after start during which failures do not count
 * @param timeout how long one check may run
 */
public record HealthSpec(
    List<String> cmd, Duration interval, int retries, Duration startPeriod, Duration timeout) {

  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
  public static final int DEFAULT_RETRIES = 3;
  public static final Duration DEFAULT_START_PERIOD = Duration.ZERO;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public HealthSpec {
    cmd = List.copyOf(cmd);
    if (cmd.isEmpty()) {
      throw new IllegalArgumentException("health.cmd must not be empty");
    }
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(startPeriod, "startPeriod");
    Objects.requireNonNull(timeout, "timeout");
    if (retries < 1) {
      throw new IllegalArgumentException("health.retries must be at least 1, got " + retries);
    }
  }
}
