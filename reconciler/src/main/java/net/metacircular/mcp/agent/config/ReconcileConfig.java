package net.metacircular.mcp.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code [reconcile]}.
 *
 * @param selfHeal start or recreate drifted containers
 * @param prune remove managed containers no longer declared
 * @param driftInterval how often podman is checked for drift
 * @param healthTimeout how long a deploy waits for "healthy"
 * @param allowedVolumeRoots host path prefixes volumes may use besides the service's own folder
 * @param podman the podman executable
 * @param parallelism how many services are applied at once
 * @param allowHostNetwork whether services may use {@code network = "host"} or {@code
 *     "container:…"}
 * @param soak how long a service is watched after a deploy passes its health gate ({@code 0s}: not
 *     at all); a service's {@code [rollout] soak} overrides it
 */
public record ReconcileConfig(
    boolean selfHeal,
    boolean prune,
    Duration driftInterval,
    Duration healthTimeout,
    List<Path> allowedVolumeRoots,
    String podman,
    int parallelism,
    boolean allowHostNetwork,
    Duration soak) {
  /** The soak when the file does not set one: a deploy is guarded unless someone chose not. */
  public static final Duration DEFAULT_SOAK = Duration.ofSeconds(30);

  public ReconcileConfig {
    Objects.requireNonNull(soak, "soak");
    Objects.requireNonNull(driftInterval, "driftInterval");
    Objects.requireNonNull(healthTimeout, "healthTimeout");
    allowedVolumeRoots = List.copyOf(allowedVolumeRoots);
    Objects.requireNonNull(podman, "podman");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
  }
}
