package net.metacircular.mcp.agent.api;

import io.javalin.http.Context;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.schema.api.EventsResponse;

/** {@code GET /v1/events?service=&since=&limit=}: newest first. */
final class EventsRoute {
  static final int DEFAULT_LIMIT = 100;

  private final ApiContext api;

  EventsRoute(ApiContext api) {
    this.api = api;
  }

  void handle(Context ctx) {
    int limit = Requests.integer(ctx, "limit", DEFAULT_LIMIT, 1, EventQuery.MAX_LIMIT);
    EventQuery query = EventQuery.recent(limit);
    String service = ctx.queryParam("service");
    if (service != null && !service.isEmpty()) {
      query = query.forService(ApiContext.name("service", service));
    }
    String since = ctx.queryParam("since");
    if (since != null && !since.isEmpty()) {
      try {
        query = query.since(Instant.parse(since));
      } catch (DateTimeParseException e) {
        throw ApiException.invalid(
            "since=" + since + ": expected an ISO-8601 instant such as 2025-01-02T03:04:05Z");
      }
    }
    ctx.json(new EventsResponse(api.registry().events(query).stream().map(Views::event).toList()));
  }
}
