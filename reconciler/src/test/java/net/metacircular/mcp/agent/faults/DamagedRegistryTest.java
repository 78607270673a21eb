package net.metacircular.mcp.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.reconcile.AgentHarness;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry of an agent that has really run, damaged while the agent is stopped: the real agent
 * process refuses to start with the recovery steps, leaves the file as it was, and touches no
 * container. (A garbage file that was never a database is in {@code AgentTest}; truncations of a
 * fresh registry are in {@code RegistryOpenTest}.)
 */
@RequiresPodman
class DamagedRegistryTest {

  @Test
  void aRegistryTruncatedToHalfAfterRealUseIsRefused(TestPodman t, @TempDir Path root)
      throws Exception {
    refusedAfter(t, root, whole -> Arrays.copyOf(whole, whole.length / 2));
  }

  @Test
  void aRegistryWhosePagesAreGarbageBehindAGoodHeaderIsRefused(TestPodman t, @TempDir Path root)
      throws Exception {
    refusedAfter(
        t,
        root,
        whole -> {
          // The first page (header and schema root) stays; every later page becomes noise.
          byte[] damaged = whole.clone();
          byte[] noise = new byte[whole.length - 4096];
          new Random(7).nextBytes(noise);
          System.arraycopy(noise, 0, damaged, 4096, noise.length);
          return damaged;
        });
  }

  private static void refusedAfter(TestPodman t, Path root, UnaryOperator<byte[]> damage)
      throws Exception {
    try (AgentHarness h = new AgentHarness(t, root, PlanOptions.DEFAULTS)) {
      for (int i = 0; i < 4; i++) {
        String svc = t.service("s" + i);
        h.write(svc, h.service(svc, AgentHarness.component("api", t.image())));
      }
      h.reconcile();
      h.write(
          t.service("s0"), h.service(t.service("s0"), AgentHarness.component("api", t.image("2"))));
      h.delete(t.service("s3"));
      h.reconcile();
      h.stop();
      Path db = h.dataDir.resolve("mcp.db");
      byte[] whole = Files.readAllBytes(db);
      assertThat(whole.length).as("a registry of several pages").isGreaterThan(4 * 4096);
      Files.write(db, damage.apply(whole));
      byte[] damaged = Files.readAllBytes(db);
      Map<String, ObservedContainer> before =
          t.containers().stream().collect(Collectors.toMap(ObservedContainer::name, c -> c));
      assertThat(before).hasSize(3);

      Path config =
          Files.writeString(
              root.resolve("mcp-agent.toml"),
              "node = \""
                  + t.prefix()
                  + "\"\ndata_dir = \""
                  + h.dataDir
                  + "\"\nservices_root = \""
                  + h.servicesRoot
                  + "\"\n[source]\ndir = \""
                  + h.services
                  + "\"\npoll_interval = \"1s\"\n[reconcile]\ndrift_interval = \"1s\"\nsoak = \"0s\"\n");
      try (AgentProcess agent =
          AgentProcess.start(config, t.environment(), root.resolve("agent.log"))) {
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(100))
            .untilAsserted(
                () ->
                    assertThat(agent.alive())
                        .as("the agent refused to start: " + agent.output())
                        .isFalse());
        assertThat(agent.stop()).isEqualTo(1);
        assertThat(agent.output())
            .contains("mcp-agent: refusing to open the registry " + db)
            .contains("copy the newest snapshot from " + h.dataDir.resolve("backups"))
            .contains("re-bootstraps a fresh registry");
      }

      // Never silently wiped or repaired, and no container was touched.
      assertThat(Files.readAllBytes(db)).isEqualTo(damaged);
      assertThat(t.containers())
          .allSatisfy(
              c -> {
                ObservedContainer was = before.get(c.name());
                assertThat(was).as(c.name()).isNotNull();
                assertThat(c.id()).isEqualTo(was.id());
                assertThat(c.startedAt()).isEqualTo(was.startedAt());
                assertThat(c.running()).isTrue();
              })
          .hasSize(3);
    }
  }
}
