package net.metacircular.mcp.schema.api;

import java.time.Instant;

/**
 * {@code GET /healthz}: the agent serves (always {@code "ok"} when it answers at all).
 *
 * @param status {@code ok}
 * @param version the agent's version
 * @param lastReconcileAt when the last reconcile finished, or null before the first
 * @param lastReconcileFailed whether it failed (an action failed, or it could not run)
 */
public record HealthResponse(
    String status, String version, Instant lastReconcileAt, boolean lastReconcileFailed) {}
