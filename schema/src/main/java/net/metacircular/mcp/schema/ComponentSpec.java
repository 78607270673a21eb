package net.metacircular.mcp.schema;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One container of a service, with defaults applied.
 *
 * @param name unique in the service
 * @param image the image reference
 * @param cmd the command, empty for the image's default
 * @param env environment variables, ordered by key
 * @param ports published ports in podman {@code -p} syntax
 * @param volumes bind mounts in podman {@code -v} syntax
 * @param network the podman network, if any
 * @param user the user (and group) to run as, if any
 * @param restart podman's restart policy
 * @param dependsOn components of the same service started before this one
 * @param stopTimeout how long {@code podman stop} waits before killing
 * @param health podman's healthcheck, if any
 * @param secrets the secrets mounted as files and set as environment variables
 */
public record ComponentSpec(
    String name,
    String image,
    List<String> cmd,
    Map<String, String> env,
    List<String> ports,
    List<String> volumes,
    Optional<String> network,
    Optional<String> user,
    RestartPolicy restart,
    List<String> dependsOn,
    Duration stopTimeout,
    Optional<HealthSpec> health,
    SecretRefs secrets) {

  /** Used when a component names no {@code stop_timeout}: podman's own default. */
  public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(10);

  public ComponentSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    cmd = List.copyOf(cmd);
    env = Map.copyOf(env);
    ports = List.copyOf(ports);
    volumes = List.copyOf(volumes);
    Objects.requireNonNull(network, "network");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(restart, "restart");
    dependsOn = List.copyOf(dependsOn);
    Objects.requireNonNull(stopTimeout, "stopTimeout");
    Objects.requireNonNull(health, "health");
    Objects.requireNonNull(secrets, "secrets");
  }

  /** This spec with other secret references (the agent adds the values' digests). */
  public ComponentSpec withSecrets(SecretRefs refs) {
    return new ComponentSpec(
        name,
        image,
        cmd,
        env,
        ports,
        volumes,
        network,
        user,
        restart,
        dependsOn,
        stopTimeout,
        health,
        refs);
  }
}
