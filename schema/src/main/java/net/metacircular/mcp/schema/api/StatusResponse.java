package net.metacircular.mcp.schema.api;

import java.time.Instant;
import java.util.List;

/**
 * {@code GET /v1/status[?service=]}: the full picture.
 *
 * @param node the agent's node
 * @param healthy no drift, no errors (services, source, last reconcile)
 * @param at when this was taken
 * @param source the source's state
 * @param lastReconcileAt when the last reconcile finished, or null
 * @param lastReconcileError why the last reconcile failed, or null when it succeeded
 * @param services each service of this node (or the one asked for)
 * @param events the most recent events (of the service asked for), newest first
 * @param driftWatch how drift is found: podman's event stream, or polling alone (with why)
 * @param notifications the {@code [[notify]]} receivers' incidents and deliveries; null when the
 *     agent has none (or is older)
 */
public record StatusResponse(
    String node,
    boolean healthy,
    Instant at,
    SourceStatus source,
    Instant lastReconcileAt,
    String lastReconcileError,
    List<ServiceStatus> services,
    List<EventInfo> events,
    DriftWatchStatus driftWatch,
    NotifyStatus notifications) {}
