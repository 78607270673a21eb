package net.metacircular.mcp.agent.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.registry.Event;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import net.metacircular.mcp.agent.testing.TestPodman;
import net.metacircular.mcp.schema.status.ComponentCondition;
import net.metacircular.mcp.schema.status.ConditionKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One crash loop end to end on real podman: a container whose process exits 1 a second after it
 * starts, under podman's own {@code always} restarts. The deaths reach the agent through {@code
 * podman events}; the third in five minutes makes a crash loop: the agent stops the container
 * (ending podman's instant restarts), says why (the exit code and the process's last output), and
 * starts it again itself after its backoff (30 s here); that start dies again, and the next wait is
 * doubled. The timing of the backoff is {@link CrashLoopTest}'s, on a clock the test moves; here
 * each step is awaited as a state.
 */
@RequiresPodman
class CrashLoopPodmanTest {
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void aContainerThatKeepsExitingIsStoppedExplainedAndStartedAgainOnTheAgentsBackoff(
      TestPodman t, @TempDir Path root) throws Exception {
    Path services = Files.createDirectories(root.resolve("services"));
    String svc = t.service("crashy");
    String name = svc + "-web";
    Files.writeString(
        services.resolve(svc + ".toml"),
        "name = \""
            + svc
            + "\"\nnode = \""
            + t.prefix()
            + "\"\n\n[[components]]\nname = \"web\"\nimage = \""
            + t.image()
            + "\"\ncmd = [\"sh\", \"-c\", \"echo no config at /etc/crashy.toml; sleep 1; exit 1\"]\n"
            + "restart = \"always\"\nstop_timeout = \"1s\"\n");
    try (Agent agent =
        TestAgentSetup.forFolder(root, t.prefix(), services)
            .podmanEnvironment(t.environment())
            .reconcile(
                "\n[crash_loop]\ndeaths = 3\nwindow = \"5m\"\nfirst_backoff = \"30s\"\n"
                    + "max_backoff = \"5m\"\nstable = \"5m\"\n")
            .agent(Clock.systemUTC())) {
      agent.start();
      await().atMost(WAIT).until(() -> agent.watch().map(w -> w.state().following()).orElse(false));

      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(agent.registry().condition(svc, "web"))
                      .get()
                      .extracting(ComponentCondition::kind)
                      .isEqualTo(ConditionKind.CRASH_LOOP));
      String detail = agent.registry().condition(svc, "web").orElseThrow().condition().detail();
      assertThat(detail)
          .startsWith("crash loop: " + name + " died 3 times in 5m (exit code 1)")
          .contains("(in 30s, start 1)")
          .contains("no config at /etc/crashy.toml");

      // The agent stopped it: podman restarts it no more (its restart count stays put across
      // polls while it is not running) until the agent's own start. A stop that lands between two
      // of podman's restarts does not end them, so the agent stops it again at each death it sees.
      AtomicInteger last = new AtomicInteger(-1);
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofSeconds(3))
          .until(
              () -> {
                int now = restartCount(t, name);
                return last.getAndSet(now) == now
                    && !seen(t, name).running()
                    && started(agent, svc).isEmpty();
              });

      // The agent's start after the backoff; the process dies again a second later, and the agent
      // stops it again with the next wait doubled.
      await().atMost(WAIT).until(() -> !started(agent, svc).isEmpty());
      assertThat(started(agent, svc).getFirst().message()).endsWith("(start 1)");
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(
                          agent.registry().condition(svc, "web").orElseThrow().condition().detail())
                      .startsWith(
                          "crash loop: " + name + " died again after its start (exit code 1)")
                      .contains("(in 1m, start 2)"));
      assertThat(agent.registry().condition(svc, "web").orElseThrow().kind())
          .isEqualTo(ConditionKind.CRASH_LOOP);
    } finally {
      t.removeAll();
    }
  }

  private static List<Event> started(Agent agent, String service) {
    return agent.registry().events(EventQuery.recent(100).forService(service)).stream()
        .filter(e -> e.kind() == EventKind.STARTED)
        .filter(e -> e.message().contains("crash-loop backoff"))
        .toList();
  }

  private static ObservedContainer seen(TestPodman t, String name) {
    return t.containers().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }

  private static int restartCount(TestPodman t, String name) {
    return Integer.parseInt(t.byHand("inspect", "--format", "{{.RestartCount}}", name).trim());
  }
}
