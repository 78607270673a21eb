package net.metacircular.mcp.agent.runtime;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One container event, as {@code podman events --format json} reports it: the container's id, name
 * and labels (podman 4.3.1 puts them in {@code Attributes}, also when the event is replayed after
 * the container is gone). Which service an event concerns is decided by name and id elsewhere
 * ({@code ManagedNames}): a foreign container holding a managed name matters too.
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
 * @param labels the container's labels; empty for a container without any
 */
public record RuntimeEvent(
    String action,
    String id,
    String name,
    Instant time,
    OptionalInt exitCode,
    Optional<String> health,
    boolean oomKilled,
    Map<String, String> labels) {
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
    labels = Map.copyOf(labels);
  }

  /** An event with neither exit code nor health. */
  public static RuntimeEvent of(String action, String id, String name, Instant time) {
    return new RuntimeEvent(
        action, id, name, time, OptionalInt.empty(), Optional.empty(), false, Map.of());
  }

  public RuntimeEvent withExit(int code, boolean oom) {
    return new RuntimeEvent(action, id, name, time, OptionalInt.of(code), health, oom, labels);
  }

  public RuntimeEvent withHealth(String status) {
    return new RuntimeEvent(
        action, id, name, time, exitCode, Optional.of(status), oomKilled, labels);
  }

  public RuntimeEvent withLabels(Map<String, String> newLabels) {
    return new RuntimeEvent(action, id, name, time, exitCode, health, oomKilled, newLabels);
  }

  /**
   * A container the agent of {@code node} created: {@code mcp.managed=true} and {@code
   * mcp.node=<node>}, the rule of {@link ObservedContainer#ownedBy}.
   */
  public boolean ownedBy(String node) {
    return "true".equals(labels.get(Labels.MANAGED)) && node.equals(labels.get(Labels.NODE));
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
