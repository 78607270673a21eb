package net.metacircular.mcp.agent.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import net.metacircular.mcp.agent.config.AgentConfig;
import net.metacircular.mcp.agent.reconcile.ReconcileLoop;
import net.metacircular.mcp.agent.reconcile.Resolution;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.runtime.ContainerRuntime;
import net.metacircular.mcp.schema.Names;
import net.metacircular.mcp.schema.ServiceSpec;

/**
 * What the routes share: the agent's parts and the API's options. Read routes list containers
 * through {@code sharedPs}, so that concurrent requests share {@code podman ps} calls.
 */
record ApiContext(
    AgentConfig config,
    Registry registry,
    ContainerRuntime podman,
    SharedPs sharedPs,
    ReconcileLoop loop,
    AgentMetrics metrics,
    ApiOptions options,
    ObjectMapper json,
    WatchView watch) {

  String node() {
    return config.node();
  }

  /** A service or component name from the request; INVALID_ARGUMENT unless well-formed. */
  static String name(String what, String value) {
    if (!Names.isValid(value)) {
      throw ApiException.invalid(
          what + " '" + value + "' is not a valid name (" + Names.RULE + ")");
    }
    return value;
  }

  /** The desired state of the last reconcile; UNAVAILABLE before the first. */
  Resolution resolution() {
    return loop.lastResolution()
        .orElseThrow(
            () ->
                ApiException.unavailable(
                    "the agent has not reconciled yet (source: "
                        + registry.sourceState().lastError().orElse("not read yet")
                        + "); try again shortly"));
  }

  /** The desired spec of a service of this node; NOT_FOUND when it declares none. */
  ServiceSpec desiredService(String service) {
    Optional<ServiceSpec> spec =
        Optional.ofNullable(resolution().desired().services().get(service)).map(d -> d.spec());
    return spec.orElseThrow(
        () ->
            ApiException.notFound(
                "no service "
                    + service
                    + " is declared for node "
                    + node()
                    + " (or its file is invalid and it has no last good spec)"));
  }

  static void component(ServiceSpec spec, String component) {
    if (spec.component(component).isEmpty()) {
      throw ApiException.notFound(
          "service "
              + spec.name()
              + " has no component "
              + component
              + "; it has "
              + String.join(", ", spec.components().stream().map(c -> c.name()).toList()));
    }
  }
}
