package net.metacircular.mcp.agent.api;

import io.javalin.http.Context;
import net.metacircular.mcp.agent.Snapshots;
import net.metacircular.mcp.schema.api.SnapshotResponse;

/** {@code POST /v1/snapshot}: as {@code mcp-agent snapshot}, while the agent runs. */
final class SnapshotRoute {
  private final ApiContext api;

  SnapshotRoute(ApiContext api) {
    this.api = api;
  }

  void handle(Context ctx) {
    Requests.noBody(ctx, api.json());
    Snapshots.Taken t =
        Snapshots.take(
            api.registry(),
            api.config().backups(),
            api.options().clock(),
            api.options().snapshotsKept());
    ctx.json(
        new SnapshotResponse(
            t.path().toString(), t.size(), t.removed().stream().map(Object::toString).toList()));
  }
}
