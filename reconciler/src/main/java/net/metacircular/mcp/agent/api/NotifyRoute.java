package net.metacircular.mcp.agent.api;

import io.javalin.http.Context;
import java.util.function.Supplier;
import net.metacircular.mcp.schema.api.NotifyTestResponse;

/**
 * {@code POST /v1/notify/test} (admin, like every POST): a test message through each {@code
 * [[notify]]} receiver of the node at once, answering what each did with it. FAILED_PRECONDITION
 * when the node has none.
 */
final class NotifyRoute {
  private final ApiContext api;
  private volatile Supplier<NotifyTestResponse> tester;

  NotifyRoute(ApiContext api) {
    this.api = api;
  }

  /** Where the test is sent from: the agent's notifications, set when the agent serves. */
  void tester(Supplier<NotifyTestResponse> newTester) {
    this.tester = newTester;
  }

  void test(Context ctx) {
    Requests.noBody(ctx, api.json());
    Supplier<NotifyTestResponse> t = tester;
    if (t == null || api.config().notifiers().isEmpty()) {
      throw ApiException.precondition(
          "node "
              + api.node()
              + " has no [[notify]] receiver in "
              + api.config().file()
              + "; add one (url, format) and restart the agent, see agent-config.md");
    }
    ctx.json(t.get());
  }
}
