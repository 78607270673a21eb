package net.metacircular.mcp.agent.testing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.agent.runtime.ContainerState;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.schema.HealthSpec;
import net.metacircular.mcp.schema.RestartPolicy;

/**
 * One container of {@link InMemoryRuntime}: what {@code podman ps} and {@code inspect} would show,
 * and its health. Guarded by the runtime's lock.
 */
final class InMemoryContainer {
  final String id;
  final String name;
  final Map<String, String> labels;
  final String image;
  final String imageId;
  final RestartPolicy restart;
  final Optional<HealthSpec> health;
  final List<String> output = new ArrayList<>();
  ContainerState state = ContainerState.CREATED;
  Optional<Instant> startedAt = Optional.empty();
  int exitCode;
  int restartCount;
  boolean stoppedByUser;
  String healthStatus;
  int failingStreak;

  InMemoryContainer(
      String id,
      String name,
      Map<String, String> labels,
      String image,
      String imageId,
      RestartPolicy restart,
      Optional<HealthSpec> health) {
    this.id = id;
    this.name = name;
    this.labels = Map.copyOf(labels);
    this.image = image;
    this.imageId = imageId;
    this.restart = restart;
    this.health = health;
    this.healthStatus = health.isPresent() ? "starting" : "";
  }

  boolean running() {
    return state == ContainerState.RUNNING;
  }

  void start(Instant now) {
    state = ContainerState.RUNNING;
    // podman's StartedAt has whole seconds.
    startedAt = Optional.of(Instant.ofEpochSecond(now.getEpochSecond()));
    exitCode = 0; // podman sets it back at every start, its restart policy's included
    stoppedByUser = false;
  }

  /** The process ended with {@code code}; podman keeps the container, exited. */
  void exit(int code) {
    state = ContainerState.EXITED;
    exitCode = code;
  }

  /**
   * One health check now, as podman's {@code healthcheck run}: a pass makes it healthy at once; a
   * failure counts towards {@code retries} unless still within the start period.
   */
  boolean check(Instant now, boolean fails) {
    if (!fails) {
      healthStatus = "healthy";
      failingStreak = 0;
      return true;
    }
    HealthSpec h = health.orElseThrow();
    Duration since = Duration.between(startedAt.orElse(now), now);
    if (since.compareTo(h.startPeriod()) >= 0) {
      failingStreak++;
      if (failingStreak >= h.retries()) {
        healthStatus = "unhealthy";
      }
    }
    return false;
  }

  ObservedContainer observed() {
    return new ObservedContainer(
        id, name, state, status(), labels, image, imageId, startedAt, exitCode);
  }

  /** podman's human status, without its "… ago" part. */
  private String status() {
    return switch (state) {
      case RUNNING -> "Up" + (healthStatus.isEmpty() ? "" : " (" + healthStatus + ")");
      case EXITED -> "Exited (" + exitCode + ")";
      default -> "Created";
    };
  }
}
