package net.metacircular.mcp.agent.reconcile;

import static net.metacircular.mcp.agent.reconcile.AgentHarness.component;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime calls of a no-op cycle, counted by the in-memory runtime: with everything converged
 * (components without health checks) a cycle asks the runtime exactly one thing, {@code ps}.
 * Behaviour, not speed: per-container calls would make every cycle grow with the node. That {@code
 * Podman.ps} is one {@code podman ps --all --format json} process is counted through a shim on real
 * podman by {@code SharedPsTest}.
 */
class NoOpCycleTest {
  private static final int SERVICES = 10;

  @Test
  void aConvergedCycleOfTwentyComponentsMakesExactlyOneRuntimeCallPs(@TempDir Path root)
      throws Exception {
    InMemoryRuntime runtime = new InMemoryRuntime();
    try (AgentHarness agent = new AgentHarness(runtime, root, PlanOptions.DEFAULTS)) {
      for (int i = 0; i < SERVICES; i++) {
        String svc = runtime.service("s" + i);
        agent.write(
            svc,
            agent.service(svc, "")
                + component("api", runtime.image())
                + component("web", runtime.image(), "depends_on = [\"api\"]"));
      }
      assertThat(agent.reconcile().outcomes()).hasSize(2 * SERVICES);
      assertThat(runtime.calls()).filteredOn(c -> c.startsWith("run ")).hasSize(2 * SERVICES);

      for (int cycle = 0; cycle < 3; cycle++) {
        runtime.clearCalls();
        assertThat(agent.reconcile().outcomes()).isEmpty();
        assertThat(runtime.calls()).containsExactly("ps");
      }
    }
  }
}
