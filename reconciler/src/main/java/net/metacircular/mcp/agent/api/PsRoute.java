package net.metacircular.mcp.agent.api;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.schema.api.PsResponse;

/**
 * {@code GET /v1/ps}: live podman state (one {@code podman ps}) of this node's managed containers,
 * and of foreign containers holding a name this agent manages.
 */
final class PsRoute {
  private final ApiContext api;

  PsRoute(ApiContext api) {
    this.api = api;
  }

  void handle(Context ctx) {
    Set<String> names = new HashSet<>();
    api.registry().allComponents().forEach(c -> names.add(c.containerName()));
    api.loop()
        .lastResolution()
        .ifPresent(
            r ->
                r.desired()
                    .services()
                    .values()
                    .forEach(
                        d ->
                            d.spec()
                                .components()
                                .forEach(c -> names.add(d.spec().name() + "-" + c.name()))));
    Instant now = api.options().clock().instant();
    ctx.json(
        new PsResponse(
            api.node(),
            now,
            api.sharedPs().ps().stream()
                .filter((ObservedContainer c) -> c.ownedBy(api.node()) || names.contains(c.name()))
                .sorted(java.util.Comparator.comparing(ObservedContainer::name))
                .map(c -> Views.container(c, now))
                .toList()));
  }
}
