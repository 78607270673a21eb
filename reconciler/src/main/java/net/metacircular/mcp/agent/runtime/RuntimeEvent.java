package net.metacircular.mcp.agent.runtime;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One container event, as {@code podman events --format json} reports it. podman 4.3.1 gives the
 * container's id and name but no labels ({@code Attributes} is empty), so whether it is a managed
 * container is decided by its name and id, not here.
 *
 * @param action podman's word: {@code create}, {@code init}, {@code start}, {@code died}, {@code
 *     stop}, {@code kill}, {@code cleanup}, {@code remove}, {@code health_status}, …
 * @param id the container's id
 * @param name the container's name
 * @param time when podman recorded it
 * @param exitCode the exit code, for {@code died}
 * @param health the health status, for {@code health_status}
 * @param oomKilled for {@code died}: the kernel killed it for lack of memory ({@code
 *     .State.OOMKilled}; podman 4.3.1 has no {@code oom} event)
 */
public record RuntimeEvent(
    String action,
    String id,
    String name,
    Instant time,
    OptionalInt exitCode,
    Optional<String> health,
    boolean oomKilled) {
  public static final String DIED = "died";
  public static final String STOP = "stop";
  public static final String KILL = "kill";
  public static final String REMOVE = "remove";
  public static final String CREATE = "create";
  public static final String START = "start";
  public static final String HEALTH_STATUS = "health_status";

  public RuntimeEvent {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(exitCode, "exitCode");
    Objects.requireNonNull(health, "health");
  }

  /** An event with neither exit code nor health. */
  public static RuntimeEvent of(String action, String id, String name, Instant time) {
    return new RuntimeEvent(action, id, name, time, OptionalInt.empty(), Optional.empty(), false);
  }

  public RuntimeEvent withExit(int code, boolean oom) {
    return new RuntimeEvent(action, id, name, time, OptionalInt.of(code), health, oom);
  }

  public RuntimeEvent withHealth(String status) {
    return new RuntimeEvent(action, id, name, time, exitCode, Optional.of(status), oomKilled);
  }

  /** Whether the container stopped running or went away ({@code died}, {@code stop}, …). */
  public boolean ended() {
    return action.equals(DIED)
        || action.equals(STOP)
        || action.equals(KILL)
        || action.equals(REMOVE);
  }

  /** Whether it is a health check's verdict of {@code unhealthy}. */
  public boolean unhealthy() {
    return action.equals(HEALTH_STATUS) && health.map("unhealthy"::equals).orElse(false);
  }

  @Override
  public String toString() {
    return action
        + " "
        + name
        + exitCode.stream().mapToObj(c -> " (exit code " + c + ")").findFirst().orElse("")
        + (oomKilled ? " (OOMKilled)" : "")
        + health.map(h -> " (" + h + ")").orElse("");
  }
}
