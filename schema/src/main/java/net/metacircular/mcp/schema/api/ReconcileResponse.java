package net.metacircular.mcp.schema.api;

import java.time.Instant;
import java.util.List;

/**
 * What {@code POST /v1/sync} and {@code POST /v1/services/{svc}/deploy} did, with {@code
 * ?wait=true} (the default).
 *
 * @param commit the commit reconciled to
 * @param startedAt when the reconcile started
 * @param failed whether any action failed
 * @param actions each action taken and its result; empty when nothing needed doing
 * @param rejections service files refused at this commit
 * @param fetchError the error of the last fetch, when it failed (the agent then reconciled to the
 *     last fetched commit); null otherwise
 */
public record ReconcileResponse(
    String commit,
    Instant startedAt,
    boolean failed,
    List<ActionResult> actions,
    List<RejectionInfo> rejections,
    String fetchError) {}
