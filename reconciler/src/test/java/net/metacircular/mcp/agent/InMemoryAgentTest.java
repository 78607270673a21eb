package net.metacircular.mcp.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.reconcile.CycleResult;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent as its config builds it, on the in-memory runtime and its clock (no podman). */
class InMemoryAgentTest {

  @Test
  void aHealthWaitMovesTheRuntimesClockOnInsteadOfSleeping(@TempDir Path root) throws Exception {
    InMemoryRuntime runtime = new InMemoryRuntime();
    Path services = Files.createDirectories(root.resolve("services"));
    String svc = runtime.service("slow");
    // Failures in the start period do not count: the wait ends at the agent's deadline (8 s).
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
    Instant before = runtime.clock().instant();

    try (Agent agent =
        TestAgentSetup.forFolder(root, runtime.prefix(), services)
            .healthTimeout("8s")
            .agent(runtime)) {
      CycleResult r = agent.loop().sync().get(60, TimeUnit.SECONDS);

      assertThat(r.outcomes())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.failed()).isTrue();
                assertThat(o.message())
                    .isEqualTo(
                        "created "
                            + svc
                            + "-api, but it did not become healthy: "
                            + svc
                            + "-api is not healthy after 8s: not yet");
              });
    }
    assertThat(Duration.between(before, runtime.clock().instant()))
        .as("the health wait's pauses, on the runtime's clock")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(8));
  }
}
