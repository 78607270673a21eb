package net.metacircular.mcp.agent.runtime;

import static net.metacircular.mcp.agent.testing.ComponentBuilder.component;

import net.metacircular.mcp.agent.testing.TestPodman;
import net.metacircular.mcp.schema.RestartPolicy;

/** A managed container of the test's node that exits 3 by itself at once, never restarted. */
final class ExitsByItself {
  private ExitsByItself() {}

  /** Its run request: component {@code api} of {@code service}, so named {@code <service>-api}. */
  static RunRequest request(TestPodman t, String service) {
    return new RunRequest(
        component("api", t.image())
            .cmd("sh", "-c", "exit 3")
            .restart(new RestartPolicy(RestartPolicy.Kind.NO, 0))
            .build(),
        service,
        "hash1",
        "commit1",
        t.prefix());
  }
}
