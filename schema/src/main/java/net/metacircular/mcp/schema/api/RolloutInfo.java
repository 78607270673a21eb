package net.metacircular.mcp.schema.api;

import java.time.Instant;

/**
 * Where a service's last deploy stands, in {@code GET /v1/status} (DESIGN.md, "Rollout").
 *
 * @param phase {@code deploying}, {@code soaking}, {@code passed}, {@code failed} or {@code
 *     rolled_back}
 * @param commit the commit being rolled out, or running after a rollback
 * @param since when this phase began
 * @param until when a health gate or soak in progress ends; null otherwise
 * @param reason why it failed or was rolled back (the exit code, restart count or health output);
 *     null when it did not
 * @param failedCommit the commit that failed and is quarantined; null when none
 */
public record RolloutInfo(
    String phase,
    String commit,
    Instant since,
    Instant until,
    String reason,
    String failedCommit) {}
