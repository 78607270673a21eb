package net.metacircular.mcp.agent.reconcile;

import static net.metacircular.mcp.agent.reconcile.AgentHarness.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.source.FolderSource;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loop's timers on real podman: a container killed by hand is healed without being asked. */
@RequiresPodman
class ReconcileLoopPodmanTest {
  private TestPodman t;
  private AgentHarness agent;

  @BeforeEach
  void setUp(TestPodman podman, @TempDir Path root) throws Exception {
    t = podman;
    agent = new AgentHarness(podman, root, PlanOptions.DEFAULTS);
  }

  @AfterEach
  void tearDown() {
    agent.close();
  }

  @Test
  void theTimersReconcileDriftWithoutBeingAsked() throws Exception {
    String svc = agent.t.service("web");
    agent.write(svc, agent.service(svc, component("web", agent.t.image(), "restart = \"no\"")));
    try (ReconcileLoop loop =
        new ReconcileLoop(new FolderSource(agent.services), agent.reconciler(), agent.registry())) {
      loop.start(Duration.ofMillis(300), Duration.ofMillis(300));
      awaitRunning(svc + "-web");
      // kill, not stop: the loop may heal it while podman stop would still be cleaning up.
      new ProcessRunner(t).run("kill", svc + "-web");
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(agent.events())
                      .anyMatch(e -> e.startsWith("healed: started " + svc + "-web")));
      awaitRunning(svc + "-web");
    }
  }

  private void awaitRunning(String name) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> agent.exists(name) && agent.container(name).running());
  }
}
