package net.metacircular.mcp.agent.rollout;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A soak in progress: the spec being watched, until when, and each container as it was when the
 * soak began (a new id or a later start is a restart). Kept in memory; the registry's rollout state
 * says it is soaking, so an agent restart takes it up again.
 *
 * @param service the service
 * @param commit the commit being soaked
 * @param hashes the soaked spec's component hashes: a newer commit that changes them abandons it
 * @param since when it began
 * @param until when it passes
 * @param baseline each component's container when the soak began
 */
record Soak(
    String service,
    String commit,
    Map<String, String> hashes,
    Instant since,
    Instant until,
    Map<String, Baseline> baseline,
    Map<String, Instant> nextCheck) {
  Soak {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(commit, "commit");
    hashes = Map.copyOf(hashes);
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    baseline = Map.copyOf(baseline);
    nextCheck = new HashMap<>(nextCheck); // when each component's health check is next due
  }

  /** A container as the soak began: its id, and when it last started. */
  record Baseline(String id, Optional<Instant> startedAt) {}
}
