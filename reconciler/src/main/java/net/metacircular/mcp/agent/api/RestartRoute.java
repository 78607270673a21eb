package net.metacircular.mcp.agent.api;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import net.metacircular.mcp.agent.plan.DependencyOrder;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.runtime.PodmanException;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.api.Accepted;
import net.metacircular.mcp.schema.api.RestartBody;
import net.metacircular.mcp.schema.api.RestartResponse;
import net.metacircular.mcp.schema.api.RestartResponse.RestartedContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/services/{svc}/restart}: {@code podman restart} of the service's containers (or
 * one component's) in {@code depends_on} order with each one's stop timeout. Desired state and the
 * registry's applied state are untouched; each restart is a {@code restarted} event.
 */
final class RestartRoute {
  private static final Logger LOG = LoggerFactory.getLogger(RestartRoute.class);

  private final ApiContext api;
  private final ExecutorService background;

  RestartRoute(ApiContext api, ExecutorService background) {
    this.api = api;
    this.background = background;
  }

  void handle(Context ctx) {
    String service = ApiContext.name("service", ctx.pathParam("svc"));
    boolean wait = Requests.flag(ctx, "wait", true);
    RestartBody body =
        Requests.json(ctx, api.json(), RestartBody.class).orElse(new RestartBody(null));
    ServiceSpec spec = api.desiredService(service);
    Optional<String> only = Optional.ofNullable(body.component());
    only.ifPresent(
        c -> {
          ApiContext.name("component", c);
          ApiContext.component(spec, c);
        });
    SuspendRoutes.refuseIfSuspended(api, service, "restart does");
    if (!spec.active()) {
      throw ApiException.precondition(
          "service "
              + service
              + " is inactive (active = false): its containers stay stopped;"
              + " start it with mcp start "
              + service);
    }
    Caller caller = ctx.attribute(Authenticator.CALLER);
    String by = caller == null ? "the API" : caller.name();
    if (!wait) {
      background.execute(
          () -> {
            try {
              betweenCycles(spec, only, by);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          });
      ctx.status(202).json(new Accepted("restart of " + service + " started"));
      return;
    }
    try {
      ctx.json(betweenCycles(spec, only, by));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("the agent is stopping; the restart may not have run");
    }
  }

  /** On the reconcile thread: a cycle never sees a container mid-restart as stopped. */
  private RestartResponse betweenCycles(ServiceSpec spec, Optional<String> only, String by)
      throws InterruptedException {
    return api.loop().exclusive(() -> restart(spec, only, by));
  }

  private RestartResponse restart(ServiceSpec spec, Optional<String> only, String by) {
    Map<String, ObservedContainer> observed = new HashMap<>();
    api.podman().ps().forEach(c -> observed.put(c.name(), c));
    List<RestartedContainer> done = new ArrayList<>();
    for (ComponentSpec c : DependencyOrder.of(spec.components())) {
      if (only.isPresent() && !only.get().equals(c.name())) {
        continue;
      }
      String name = ServiceSpec.containerName(spec.name(), c.name());
      ObservedContainer o = observed.get(name);
      if (o == null || !o.ownedBy(api.node())) {
        done.add(
            new RestartedContainer(
                c.name(),
                name,
                "skipped",
                o == null
                    ? "no container "
                        + name
                        + " to restart; mcp deploy "
                        + spec.name()
                        + " creates it"
                    : name + " is not managed by this agent; left alone"));
        continue;
      }
      try {
        api.podman().restart(name, c.stopTimeout());
        String message = "restarted " + name + " (requested by " + by + ")";
        api.registry()
            .appendEvent(NewEvent.ofComponent(EventKind.RESTARTED, spec.name(), c.name(), message));
        done.add(new RestartedContainer(c.name(), name, "done", message));
      } catch (PodmanException e) {
        LOG.warn("restarting {} failed: {}", name, e.getMessage());
        api.registry()
            .appendEvent(
                NewEvent.ofComponent(
                    EventKind.FAILED,
                    spec.name(),
                    c.name(),
                    "restart of " + name + " failed: " + e.getMessage()));
        done.add(new RestartedContainer(c.name(), name, "failed", e.getMessage()));
      }
    }
    return new RestartResponse(
        spec.name(), done, done.stream().anyMatch(d -> d.result().equals("failed")));
  }
}
