package net.metacircular.mcp.agent.rollout;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A soak in progress: the spec being watched, until when, and each container as it was when the
 * soak began (a new id is a replacement, a higher RestartCount a restart). Kept in memory; the
 * registry keeps its phase, start, end (V007's rollouts) and baseline (V008's soak_baselines), so
 * an agent restart takes it up again where it was.
 *
 * @param service the service
 * @param commit the commit being soaked
 * @param hashes the soaked spec's component hashes: a newer commit that changes them abandons it
 * @param since when it began
 * @param until when it passes
 * @param baseline each component's container when the soak began
 * @param nextCheck when each component's health check is next due
 * @param restartSeen when the judge first saw a component restarted with no died event yet
 */
record Soak(
    String service,
    String commit,
    Map<String, String> hashes,
    Instant since,
    Instant until,
    Map<String, Baseline> baseline,
    Map<String, Instant> nextCheck,
    Map<String, Instant> restartSeen) {
  Soak {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(commit, "commit");
    hashes = Map.copyOf(hashes);
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    baseline = Map.copyOf(baseline);
    nextCheck = new HashMap<>(nextCheck); // when each component's health check is next due
    restartSeen = new HashMap<>(restartSeen); // when a restart without its died event was seen
  }

  /** A container as the soak began: its id, and podman's {@code .RestartCount} of it. */
  record Baseline(String id, int restartCount) {
    Baseline {
      Objects.requireNonNull(id, "id");
      if (restartCount < 0) {
        throw new IllegalArgumentException("restart count " + restartCount + " is negative");
      }
    }
  }
}
