package net.metacircular.mcp.schema.api;

import java.util.List;

/**
 * {@code GET /v1/events?service=&since=&limit=}: newest first.
 *
 * @param events at most {@code limit} (default 100, at most 10000)
 */
public record EventsResponse(List<EventInfo> events) {}
