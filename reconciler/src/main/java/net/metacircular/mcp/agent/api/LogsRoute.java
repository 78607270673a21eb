package net.metacircular.mcp.agent.api;

import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.metacircular.mcp.agent.runtime.PodmanException;
import net.metacircular.mcp.schema.api.LogsResponse;

/**
 * {@code GET /v1/services/{svc}/logs?component=&tail=}: the container's last lines. The component
 * may be left out when the service has only one.
 */
final class LogsRoute {
  static final int DEFAULT_TAIL = 100;
  static final int MAX_TAIL = 100_000;

  private final ApiContext api;

  LogsRoute(ApiContext api) {
    this.api = api;
  }

  void handle(Context ctx) {
    String service = ApiContext.name("service", ctx.pathParam("svc"));
    int tail = Requests.integer(ctx, "tail", DEFAULT_TAIL, 0, MAX_TAIL);
    Set<String> known = new TreeSet<>();
    api.registry().components(service).forEach(c -> known.add(c.component()));
    api.loop()
        .lastResolution()
        .map(r -> r.desired().services().get(service))
        .ifPresent(d -> d.spec().components().forEach(c -> known.add(c.name())));
    if (known.isEmpty()) {
      throw ApiException.notFound("no service " + service + " on node " + api.node());
    }
    String component = ctx.queryParam("component");
    if (component == null || component.isEmpty()) {
      if (known.size() != 1) {
        throw ApiException.invalid(
            "service "
                + service
                + " has components "
                + String.join(", ", known)
                + "; name one with ?component=");
      }
      component = known.iterator().next();
    }
    ApiContext.name("component", component);
    if (!known.contains(component)) {
      throw ApiException.notFound(
          "service "
              + service
              + " has no component "
              + component
              + "; it has "
              + String.join(", ", List.copyOf(known)));
    }
    String container = service + "-" + component;
    String text;
    try {
      text = api.podman().logs(container, tail);
    } catch (PodmanException e) {
      if (e.noSuchContainer()) {
        throw ApiException.notFound(
            "there is no container "
                + container
                + " now, so no logs (removed, or not created yet: mcp status "
                + service
                + " says which)");
      }
      throw e;
    }
    ctx.json(new LogsResponse(service, component, container, tail, text));
  }
}
