package net.metacircular.mcp.schema.api;

import java.time.Instant;
import java.util.List;

/**
 * One service in {@code GET /v1/status}.
 *
 * @param name the service
 * @param active whether it should run
 * @param deploy {@code auto} or {@code manual}
 * @param desiredCommit the commit its desired spec comes from
 * @param appliedCommit the commit last applied to it
 * @param appliedAt when
 * @param drift any component drifted
 * @param outOfSync any component out of sync
 * @param error its last error (e.g. its file is invalid at the fetched commit); null when none
 * @param errorSince since when
 * @param components its components, desired ones first in file order, then leftovers
 * @param suspended the suspension holding it still (its own or the node's); null when none
 * @param rollout where its last deploy stands (health gate, soak, rollback); null before its first
 */
public record ServiceStatus(
    String name,
    boolean active,
    String deploy,
    String desiredCommit,
    String appliedCommit,
    Instant appliedAt,
    boolean drift,
    boolean outOfSync,
    String error,
    Instant errorSince,
    List<ComponentStatus> components,
    SuspensionInfo suspended,
    RolloutInfo rollout) {}
