package net.metacircular.mcp.agent.api;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.Optional;
import net.metacircular.mcp.agent.registry.Suspension;
import net.metacircular.mcp.agent.suspend.Suspensions;
import net.metacircular.mcp.schema.api.Accepted;
import net.metacircular.mcp.schema.api.SuspendBody;
import net.metacircular.mcp.schema.api.SuspensionInfo;

/**
 * {@code POST /v1/services/{svc}/suspend}, {@code …/resume}, {@code POST /v1/suspend} and {@code
 * POST /v1/resume} (the whole node): admin only, like every change. A resume reconciles at once
 * from the last fetched commit, so it works while git is unreachable.
 */
final class SuspendRoutes {
  private final ApiContext api;
  private final Suspensions suspensions;

  SuspendRoutes(ApiContext api) {
    this.api = api;
    this.suspensions = new Suspensions(api.registry(), api.options().clock());
  }

  void suspendService(Context ctx) {
    String service = ApiContext.name("service", ctx.pathParam("svc"));
    api.desiredService(service);
    ctx.json(suspend(ctx, service));
  }

  void suspendNode(Context ctx) {
    ctx.json(suspend(ctx, Suspension.NODE));
  }

  void resumeService(Context ctx) {
    String service = ApiContext.name("service", ctx.pathParam("svc"));
    resume(ctx, service, "service " + service);
  }

  void resumeNode(Context ctx) {
    resume(ctx, Suspension.NODE, "node " + api.node());
  }

  /** The suspension that holds {@code service} still, if any: for deploy and restart to refuse. */
  static void refuseIfSuspended(ApiContext api, String service, String what) {
    new Suspensions(api.registry(), api.options().clock())
        .holding(service)
        .ifPresent(
            s -> {
              throw ApiException.precondition(
                  "service "
                      + service
                      + " is suspended"
                      + (s.wholeNode() ? " (the whole node)" : "")
                      + " by "
                      + s.who()
                      + ": "
                      + s.reason()
                      + "; "
                      + what
                      + " nothing; resume it first with mcp resume "
                      + (s.wholeNode() ? "--node " + api.node() : service));
            });
  }

  static SuspensionInfo info(Suspension s) {
    return new SuspensionInfo(s.target(), s.who(), s.reason(), s.since(), s.until().orElse(null));
  }

  private SuspensionInfo suspend(Context ctx, String target) {
    SuspendBody body =
        Requests.json(ctx, api.json(), SuspendBody.class)
            .orElseThrow(
                () ->
                    ApiException.invalid(
                        "a reason is required: send {\"reason\": \"…\"} (and optionally"
                            + " \"until\")"));
    if (body.reason() == null || body.reason().isBlank()) {
      throw ApiException.invalid("a reason is required: \"reason\" is missing or empty");
    }
    Instant now = api.options().clock().instant();
    Optional<Instant> until = Optional.ofNullable(body.until());
    if (until.isPresent() && !until.get().isAfter(now)) {
      throw ApiException.invalid(
          "\"until\" " + until.get() + " is not in the future (now is " + now + ")");
    }
    SuspensionInfo info = info(suspensions.suspend(target, body.reason().strip(), by(ctx), until));
    // Resumed by the first cycle at or after `until`: one is asked for then (the drift check is
    // the backstop, e.g. after an agent restart).
    until.ifPresent(u -> api.loop().reconcileAfter(java.time.Duration.between(now, u)));
    return info;
  }

  private void resume(Context ctx, String target, String what) {
    Requests.noBody(ctx, api.json());
    if (!suspensions.resume(target, by(ctx))) {
      throw ApiException.precondition(what + " is not suspended; nothing to resume");
    }
    api.loop().reconcileNow();
    ctx.json(new Accepted(what + " resumed; reconciling it now"));
  }

  private static String by(Context ctx) {
    Caller caller = ctx.attribute(Authenticator.CALLER);
    return caller == null ? "the API" : caller.name();
  }
}
