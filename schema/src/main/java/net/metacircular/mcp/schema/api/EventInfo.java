package net.metacircular.mcp.schema.api;

import java.time.Instant;

/**
 * One entry of the agent's event history.
 *
 * @param id increasing, never reused
 * @param at when it happened
 * @param service the service it is about; null for events about the source
 * @param component the component it is about, or null
 * @param kind {@code created}, {@code recreated}, {@code started}, {@code stopped}, {@code pruned},
 *     {@code drift}, {@code healed}, {@code failed}, {@code adopted}, {@code out-of-sync}, {@code
 *     rejected}, {@code conflict}, {@code restarted} or {@code synced}
 * @param message why, down to the field
 * @param commit the commit involved, or null
 */
public record EventInfo(
    long id,
    Instant at,
    String service,
    String component,
    String kind,
    String message,
    String commit) {}
