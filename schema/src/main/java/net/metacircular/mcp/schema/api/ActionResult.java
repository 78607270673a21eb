package net.metacircular.mcp.schema.api;

/**
 * One action of a reconcile and how it ended.
 *
 * @param service the service
 * @param component the component
 * @param container the container
 * @param kind {@code create}, {@code recreate}, {@code start}, {@code stop}, {@code prune}, {@code
 *     adopt}, {@code report} or {@code resolve}
 * @param reason why it was taken
 * @param result {@code done}, {@code failed} or {@code skipped}
 * @param message what was done, or why it failed
 */
public record ActionResult(
    String service,
    String component,
    String container,
    String kind,
    String reason,
    String result,
    String message) {}
