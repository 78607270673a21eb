package net.metacircular.mcp.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.agent.runtime.Labels;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On real podman: a commit whose new command exits after 5 s fails its 10 s soak, is rolled back,
 * and the previous container spec runs again; then one whose health check never passes fails its
 * health gate and is rolled back the same way. The test looks at the service every second, as the
 * loop's 2 s timer would.
 */
@RequiresPodman
class RollbackPodmanTest {
  @Test
  void aCommitThatExitsDuringItsSoakIsRolledBack(TestPodman t, @TempDir Path root)
      throws Exception {
    try (Case service = new Case(t, root, "roll")) {
      Agent agent = service.agent;
      String svc = service.svc;
      String good = service.deploy("1s", "env = { VERSION = \"1\" }\n");
      awaitPhase(agent, svc, Phase.PASSED);
      String goodHash = label(t, svc, Labels.SPEC_HASH);

      String bad =
          service.deploy(
              "10s",
              "cmd = [\"sh\", \"-c\", \"echo starting; sleep 5; echo lost the database; exit 3\"]\n"
                  + "restart = \"no\"\n");
      assertThat(Rollouts.states(agent.registry()).get(svc).phase()).isEqualTo(Phase.SOAKING);
      awaitPhase(agent, svc, Phase.ROLLED_BACK);

      RolloutState s = Rollouts.states(agent.registry()).get(svc);
      assertThat(s.commit()).isEqualTo(good);
      assertThat(s.failedCommit()).contains(bad);
      assertThat(s.reason().orElseThrow())
          .contains(svc + "-api exited (exit code 3)")
          .contains("lost the database");
      assertThat(label(t, svc, Labels.SPEC_HASH)).isEqualTo(goodHash);
      assertThat(t.containers())
          .filteredOn(c -> c.name().equals(svc + "-api"))
          .singleElement()
          .satisfies(c -> assertThat(c.running()).isTrue());
      assertThat(agent.registry().events(EventQuery.recent(50).forService(svc)))
          .filteredOn(e -> e.kind() == EventKind.ROLLED_BACK)
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.message())
                      .contains(bad.substring(0, 7))
                      .contains("running " + good.substring(0, 7))
                      .contains("exit code 3"));

      // A newer commit whose health check never passes fails its health gate: rolled back alike.
      String unhealthy =
          service.deploy(
              "10s",
              String.join(
                  "\n",
                  "env = { VERSION = \"3\" }",
                  "[components.health]",
                  "cmd = [\"sh\", \"-c\", \"echo db-unreachable; exit 1\"]",
                  "interval = \"1s\"",
                  "retries = 1",
                  ""));
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                agent.loop().reconcileService(svc).get(60, TimeUnit.SECONDS);
                RolloutState r = Rollouts.states(agent.registry()).get(svc);
                return r.phase() == Phase.ROLLED_BACK
                    && r.failedCommit().equals(Optional.of(unhealthy));
              });
      assertThat(Rollouts.states(agent.registry()).get(svc).reason().orElseThrow())
          .contains("health gate: " + svc + "-api is unhealthy")
          .contains("db-unreachable");
      assertThat(label(t, svc, Labels.SPEC_HASH)).isEqualTo(goodHash);
    }
  }

  /**
   * podman restarts the failing container itself ({@code restart = "on-failure"}) and sets its exit
   * code back to 0: the soak's verdict still quotes the exit code, from podman's died event.
   */
  @Test
  void anExitPodmanRestartedIsToldWithItsExitCode(TestPodman t, @TempDir Path root)
      throws Exception {
    try (Case service = new Case(t, root, "restarted")) {
      Agent agent = service.agent;
      String svc = service.svc;
      String good = service.deploy("0s", "env = { VERSION = \"1\" }\n");
      agent.start();
      await()
          .atMost(Duration.ofSeconds(120))
          .until(() -> agent.watch().map(w -> w.state().following()).orElse(false));

      String bad =
          service.deploy(
              "60s",
              "cmd = [\"sh\", \"-c\", \"sleep 2; echo lost the queue; exit 3\"]\n"
                  + "restart = \"on-failure\"\n");
      awaitPhase(agent, svc, Phase.ROLLED_BACK);

      RolloutState s = Rollouts.states(agent.registry()).get(svc);
      assertThat(s.commit()).isEqualTo(good);
      assertThat(s.failedCommit()).contains(bad);
      // The look lands before podman's restart (ps still says 3) or after it (the died event does).
      assertThat(s.reason().orElseThrow())
          .contains(svc + "-api exited (exit code 3)")
          .contains("lost the queue");
    }
  }

  private static void awaitPhase(Agent agent, String svc, Phase phase) {
    await()
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              agent.loop().reconcileService(svc).get(60, TimeUnit.SECONDS);
              RolloutState s = Rollouts.states(agent.registry()).get(svc);
              return s != null && s.phase() == phase;
            });
  }

  /**
   * One service of one {@code api} component on real podman, its file in the folder the agent
   * follows.
   */
  private static final class Case implements AutoCloseable {
    final TestPodman t;
    final String svc;
    final Path file;
    final Agent agent;

    Case(TestPodman t, Path root, String name) throws Exception {
      this.t = t;
      Path services = Files.createDirectories(root.resolve("services"));
      svc = t.service(name);
      file = services.resolve(svc + ".toml");
      agent =
          TestAgentSetup.forFolder(root, t.prefix(), services)
              .podmanEnvironment(t.environment())
              .agent(Clock.systemUTC());
    }

    /** Writes the file with this soak and these keys of its component, syncs; the revision. */
    String deploy(String soak, String component) throws Exception {
      Files.writeString(
          file,
          "name = \""
              + svc
              + "\"\nnode = \""
              + t.prefix()
              + "\"\n\n[rollout]\nsoak = \""
              + soak
              + "\"\n\n[[components]]\nname = \"api\"\nimage = \""
              + t.image()
              + "\"\n"
              + component);
      return agent.loop().sync().get(120, TimeUnit.SECONDS).revision();
    }

    @Override
    public void close() {
      agent.close();
    }
  }

  private static String label(TestPodman t, String svc, String key) {
    return t.containers().stream()
        .filter(c -> c.name().equals(svc + "-api"))
        .map(ObservedContainer::labels)
        .map(l -> l.get(key))
        .findFirst()
        .orElseThrow();
  }
}
