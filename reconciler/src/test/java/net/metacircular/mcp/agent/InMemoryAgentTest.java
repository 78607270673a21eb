package net.metacircular.mcp.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.reconcile.CycleResult;
import net.metacircular.mcp.agent.rollout.Phase;
import net.metacircular.mcp.agent.rollout.RolloutState;
import net.metacircular.mcp.agent.rollout.Rollouts;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent as its config builds it, on the in-memory runtime and its clock (no podman). */
class InMemoryAgentTest {

  @Test
  void aHealthGateEndsAtTheAgentsDeadlineOnTheRuntimesClock(@TempDir Path root) throws Exception {
    InMemoryRuntime runtime = new InMemoryRuntime();
    Path services = Files.createDirectories(root.resolve("services"));
    String svc = runtime.service("slow");
    // Failures in the start period do not count: the gate ends at the agent's deadline (8 s).
    Files.writeString(
        services.resolve(svc + ".toml"),
        "name = \""
            + svc
            + "\"\nnode = \""
            + runtime.prefix()
            + "\"\n\n[[components]]\nname = \"api\"\nimage = \""
            + runtime.image()
            + "\"\n\n[components.health]\ncmd = [\"true\"]\ninterval = \"1s\"\n"
            + "start_period = \"10m\"\n");
    runtime.healthCheckFails(svc + "-api", Optional.of("not yet"));

    try (Agent agent =
        TestAgentSetup.forFolder(root, runtime.prefix(), services)
            .healthTimeout("8s")
            .agent(runtime)) {
      CycleResult r = agent.loop().sync().get(60, TimeUnit.SECONDS);
      // The deploy's cycle does not wait for the gate: the loop looks at it (a newer commit may
      // cancel it).
      assertThat(r.outcomes())
          .singleElement()
          .satisfies(o -> assertThat(o.message()).startsWith("created " + svc + "-api"));
      RolloutState gate = Rollouts.states(agent.registry()).get(svc);
      assertThat(gate.phase()).isEqualTo(Phase.DEPLOYING);
      assertThat(gate.until()).contains(gate.since().plus(Duration.ofSeconds(8)));

      runtime.clock().advance(Duration.ofSeconds(7));
      agent.loop().reconcileService(svc).get(60, TimeUnit.SECONDS);
      assertThat(Rollouts.states(agent.registry()).get(svc).phase()).isEqualTo(Phase.DEPLOYING);
      runtime.clock().advance(Duration.ofSeconds(1));
      agent.loop().reconcileService(svc).get(60, TimeUnit.SECONDS);

      RolloutState failed = Rollouts.states(agent.registry()).get(svc);
      assertThat(failed.phase()).isEqualTo(Phase.FAILED);
      assertThat(failed.reason().orElseThrow())
          .contains(svc + "-api is not healthy after 8s: not yet");
    }
  }
}
