package net.metacircular.mcp.agent.rollout;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A health gate in progress: the containers of a deploy whose health checks have not passed yet.
 * The loop looks at it every 2 s (and the cycle that deployed it once at once), so that a newer
 * commit can abandon it. Kept in memory; the registry's rollout state says {@code deploying} with
 * its {@code until}, so an agent restart takes it up again.
 *
 * @param service the service
 * @param commit the commit being deployed
 * @param hashes the deployed spec's component hashes: a newer commit that changes them abandons it
 * @param since when it began
 * @param until when it fails, if its checks have not passed by then ({@code health_timeout})
 * @param waiting the containers whose check has not passed yet (passed ones are removed)
 * @param deferred whether components that depend on them wait to be deployed once it passes
 * @param podmanFailures each waiting container's last look that podman failed, in podman's words (a
 *     look that reaches podman again clears it): the gate's timeout quotes it
 */
record Gate(
    String service,
    String commit,
    Map<String, String> hashes,
    Instant since,
    Instant until,
    Set<String> waiting,
    boolean deferred,
    Map<String, String> podmanFailures) {
  Gate {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(commit, "commit");
    hashes = Map.copyOf(hashes);
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(until, "until");
    waiting = new HashSet<>(waiting); // a look removes the containers that passed
    podmanFailures = new HashMap<>(podmanFailures); // a look records and clears them
  }
}
