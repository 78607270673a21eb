package net.metacircular.mcp.agent.api;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import net.metacircular.mcp.agent.Version;
import net.metacircular.mcp.schema.api.HealthResponse;
import net.metacircular.mcp.schema.api.PolicyResponse;
import net.metacircular.mcp.schema.api.WhoamiResponse;

/**
 * {@code /healthz}, {@code /metrics}, {@code GET /v1/whoami}, {@code GET /v1/policy} and {@code
 * POST /v1/webhook}.
 */
final class SystemRoutes {
  private final ApiContext api;

  SystemRoutes(ApiContext api) {
    this.api = api;
  }

  void health(Context ctx) {
    var last = api.metrics().lastCycle();
    ctx.json(
        new HealthResponse(
            "ok",
            Version.current(),
            last.map(AgentMetrics.LastCycle::at).orElse(null),
            last.map(l -> l.error().isPresent()).orElse(false)));
  }

  void whoami(Context ctx) {
    Caller c = ctx.attribute(Authenticator.CALLER);
    // The caller as the agent sees its token, so that a client can tell before a change whether
    // its token may make one (mcp whoami, and the check before a commit).
    ctx.json(new WhoamiResponse(c.name(), c.role().word(), c.via()));
  }

  /**
   * {@code GET /v1/policy}: what this agent allows in service files, from its config, so that the
   * CLI validates a file against the node it names rather than a default of its own.
   */
  void policy(Context ctx) {
    var config = api.config();
    ctx.json(
        new PolicyResponse(
            config.node(),
            config.servicesRoot().toString(),
            config.allowedVolumeRoots().stream().map(Object::toString).toList(),
            config.reconcile().allowHostNetwork()));
  }

  void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(api.metrics().scrape());
  }

  void webhook(Context ctx) {
    byte[] body = Requests.body(ctx, Requests.MAX_JSON_BYTES);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(ctx.req().getHeaderNames())) {
      headers.put(
          name.toLowerCase(Locale.ROOT),
          new ArrayList<>(Collections.list(ctx.req().getHeaders(name))));
    }
    WebhookReceiver.Result r;
    try {
      r = api.options().webhook().receive(headers, body);
    } catch (RuntimeException e) {
      api.metrics().webhook("error", 1);
      throw e;
    }
    api.metrics()
        .webhook(r.status() < 300 ? "accepted" : r.status() < 500 ? "rejected" : "error", 1);
    ctx.status(r.status()).json(r.body());
  }
}
