package net.metacircular.mcp.agent.api;

import io.javalin.http.Context;
import net.metacircular.mcp.agent.registry.ServiceRecord;
import net.metacircular.mcp.schema.api.ServiceDetail;
import net.metacircular.mcp.schema.api.ServicesResponse;

/** {@code GET /v1/services} and {@code GET /v1/services/{svc}}: the registry only, no podman. */
final class ServicesRoute {
  private final ApiContext api;

  ServicesRoute(ApiContext api) {
    this.api = api;
  }

  void list(Context ctx) {
    ctx.json(
        new ServicesResponse(
            api.node(),
            api.registry().services().stream()
                .map(s -> Views.service(s, api.registry().components(s.name())))
                .toList()));
  }

  void one(Context ctx) {
    String name = ApiContext.name("service", ctx.pathParam("svc"));
    ServiceRecord s =
        api.registry()
            .service(name)
            .orElseThrow(() -> ApiException.notFound("the registry holds no service " + name));
    ctx.json(new ServiceDetail(Views.service(s, api.registry().components(name)), s.specToml()));
  }
}
