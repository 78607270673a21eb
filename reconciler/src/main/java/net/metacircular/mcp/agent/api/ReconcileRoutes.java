package net.metacircular.mcp.agent.api;

import io.javalin.http.Context;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.metacircular.mcp.agent.plan.DeployRequest;
import net.metacircular.mcp.agent.reconcile.CycleResult;
import net.metacircular.mcp.agent.rollout.Rollouts;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.api.Accepted;
import net.metacircular.mcp.schema.api.DeployBody;
import net.metacircular.mcp.schema.api.ReconcileResponse;

/**
 * {@code POST /v1/sync} and {@code POST /v1/services/{svc}/deploy}: handed to the reconcile loop.
 * With {@code ?wait=true} (the default) the answer is the cycle's result, awaited without holding a
 * server thread; with {@code ?wait=false} it is 202 at once.
 */
final class ReconcileRoutes {
  private final ApiContext api;
  private final EventSignal cycles;

  /** {@code cycles}: signalled at the end of each reconcile cycle, when a gate may be decided. */
  ReconcileRoutes(ApiContext api, EventSignal cycles) {
    this.api = api;
    this.cycles = cycles;
  }

  void sync(Context ctx) {
    boolean wait = Requests.flag(ctx, "wait", true);
    Requests.noBody(ctx, api.json());
    answer(ctx, api.loop().sync(), wait, "sync started: fetching and reconciling", null);
  }

  void deploy(Context ctx) {
    String service = ApiContext.name("service", ctx.pathParam("svc"));
    boolean wait = Requests.flag(ctx, "wait", true);
    DeployBody body =
        Requests.json(ctx, api.json(), DeployBody.class).orElse(new DeployBody(null, false));
    ServiceSpec spec = api.desiredService(service);
    Optional<String> component = Optional.ofNullable(body.component());
    component.ifPresent(
        c -> {
          ApiContext.name("component", c);
          ApiContext.component(spec, c);
        });
    SuspendRoutes.refuseIfSuspended(api, service, "deploy does");
    if (!body.force()) {
      refuseIfQuarantined(service);
    }
    answer(
        ctx,
        api.loop().deploy(new DeployRequest(service, component, body.force())),
        wait,
        "deploy of " + service + component.map(c -> "/" + c).orElse("") + " started",
        service);
  }

  /** A plain deploy would apply a spec that failed its soak: the operator must say so. */
  private void refuseIfQuarantined(String service) {
    Rollouts.quarantine(api.registry(), service)
        .ifPresent(
            q -> {
              throw ApiException.precondition(
                  "service "
                      + service
                      + " is quarantined: commit "
                      + q.failedCommit()
                      + " "
                      + Rollouts.failedIts(q.reason())
                      + "; a plain deploy does not apply it again: mcp deploy "
                      + service
                      + " --force does (or push a commit that fixes it)");
            });
  }

  /**
   * @param gated the service whose health gate a waiting answer waits for too (a deploy), or null
   */
  private void answer(
      Context ctx,
      CompletableFuture<CycleResult> cycle,
      boolean wait,
      String started,
      String gated) {
    if (!wait) {
      ctx.status(202).json(new Accepted(started + "; see /v1/status and /v1/events"));
      return;
    }
    long timeout = api.options().waitTimeout().toMillis();
    java.time.Instant deadline = java.time.Instant.now().plusMillis(timeout);
    ctx.future(
        () ->
            cycle
                .orTimeout(timeout, TimeUnit.MILLISECONDS)
                .thenCompose(result -> gate(result, gated, deadline))
                .handle(
                    (answer, error) -> {
                      if (error != null) {
                        throw failure(error);
                      }
                      ctx.json(answer);
                      return null;
                    }));
  }

  /**
   * The cycle's answer, once the deployed service's health gate is decided (the loop looks at it
   * between cycles): a gate that failed makes the deploy failed; one still open at the deadline is
   * said to be still running, never reported as done.
   */
  private CompletableFuture<ReconcileResponse> gate(
      CycleResult result, String service, java.time.Instant deadline) {
    ReconcileResponse r = Views.reconcile(result, api.registry().sourceState().lastError());
    if (service == null) {
      return CompletableFuture.completedFuture(r);
    }
    return GateWait.decided(api.registry(), cycles, service, deadline)
        .thenApply(
            s -> {
              if (s.isEmpty()) {
                throw ApiException.unavailable(
                    "the health gate of "
                        + service
                        + " is still in progress; it goes on: see /v1/status and /v1/events");
              }
              if (!r.failed() && GateWait.failed(s, result.startedAt())) {
                return new ReconcileResponse(
                    r.commit(), r.startedAt(), true, r.actions(), r.rejections(), r.fetchError());
              }
              return r;
            });
  }

  private static RuntimeException failure(Throwable error) {
    Throwable t =
        error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause()
            : error;
    if (t instanceof TimeoutException) {
      return ApiException.unavailable(
          "the reconcile is still running; it goes on: see /v1/status and /v1/events");
    }
    if (t instanceof net.metacircular.mcp.agent.source.SourceException) {
      return ApiException.unavailable("the reconcile could not run: " + t.getMessage());
    }
    if (t instanceof RuntimeException r) {
      return r;
    }
    return new IllegalStateException(t.getMessage(), t);
  }
}
