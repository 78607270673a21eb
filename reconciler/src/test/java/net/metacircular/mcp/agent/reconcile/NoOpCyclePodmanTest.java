package net.metacircular.mcp.agent.reconcile;

import static net.metacircular.mcp.agent.reconcile.AgentHarness.component;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.testing.PodmanShim;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The podman calls of a no-op cycle, counted by a shim in front of the real podman: with everything
 * converged (components without health checks) a cycle asks podman exactly one thing, {@code ps}.
 * Behaviour, not speed: per-container calls would make every cycle grow with the node.
 */
@RequiresPodman
class NoOpCyclePodmanTest {
  private static final int SERVICES = 10;

  @Test
  void aConvergedCycleOfTwentyComponentsMakesExactlyOnePodmanCallPs(
      TestPodman t, @TempDir Path root) throws Exception {
    PodmanShim shim = PodmanShim.create(t, root);
    try (AgentHarness agent = new AgentHarness(t, root, PlanOptions.DEFAULTS, shim.podman())) {
      for (int i = 0; i < SERVICES; i++) {
        String svc = t.service("s" + i);
        agent.write(
            svc,
            agent.service(svc, "")
                + component("api", t.image())
                + component("web", t.image(), "depends_on = [\"api\"]"));
      }
      assertThat(agent.reconcile().outcomes()).hasSize(2 * SERVICES);
      assertThat(shim.calls()).filteredOn(c -> c.startsWith("run ")).hasSize(2 * SERVICES);

      for (int cycle = 0; cycle < 3; cycle++) {
        shim.clear();
        assertThat(agent.reconcile().outcomes()).isEmpty();
        assertThat(shim.calls()).containsExactly("ps --all --format json");
      }
    }
  }
}
