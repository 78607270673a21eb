package net.metacircular.mcp.agent.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import net.metacircular.mcp.agent.testing.TestClock;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.ConditionKind;
import net.metacircular.mcp.schema.status.Failure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container that keeps dying, on the in-memory runtime with a clock the test moves: podman's own
 * restarts (unless-stopped) count; the fifth death in five minutes is a crash loop, the agent stops
 * the container and starts it again after 10 s, then 20 s; a reconcile in between leaves it
 * stopped; a start that stays up a minute ends the loop.
 */
class CrashLoopTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final TestClock clock = new TestClock();
  private final InMemoryRuntime runtime = new InMemoryRuntime(clock);

  @Test
  void aContainerThatKeepsDyingIsStoppedAndStartedOnTheAgentsBackoff(@TempDir Path root)
      throws Exception {
    Path services = Files.createDirectories(root.resolve("services"));
    String svc = runtime.service("app");
    String name = svc + "-web";
    Files.writeString(
        services.resolve(svc + ".toml"),
        "name = \""
            + svc
            + "\"\nnode = \"n1\"\n\n[[components]]\nname = \"web\"\nimage = \""
            + runtime.image()
            + "\"\n");
    try (Agent agent =
        TestAgentSetup.forFolder(root, "n1", services).runtime(runtime).agent(clock)) {
      agent.loop().sync().get(30, TimeUnit.SECONDS);
      agent.start();
      await().atMost(WAIT).until(() -> runtime.eventStreams() == 1);
      runtime.print(name, "panic: no config at /etc/app.toml");

      // Someone's podman kill is drift to heal, not a crash: six of them make no loop.
      for (int kill = 1; kill <= 6; kill++) {
        runtime.kill(name);
        await().atMost(WAIT).until(() -> seen(name).running());
        clock.advance(Duration.ofSeconds(5));
      }
      assertThat(condition(agent, svc).kind()).isNotEqualTo(ConditionKind.CRASH_LOOP);

      for (int death = 1; death <= 4; death++) {
        runtime.crash(name, 1);
        clock.advance(Duration.ofSeconds(10));
      }
      assertThat(runtime.restartCount(name)).isEqualTo(4); // podman's own instant restarts
      assertThat(seen(name).running()).isTrue();
      assertThat(condition(agent, svc).kind()).isNotEqualTo(ConditionKind.CRASH_LOOP);

      runtime.crash(name, 1); // the fifth in five minutes
      await().atMost(WAIT).until(() -> condition(agent, svc).is(ConditionKind.CRASH_LOOP));
      await().atMost(WAIT).until(() -> !seen(name).running());
      Instant looped = clock.instant();
      Condition loop = condition(agent, svc);
      assertThat(loop.detail())
          .startsWith("crash loop: " + name + " died 5 times in 5m (exit code 1)")
          .contains("panic: no config at /etc/app.toml");
      Failure failure = loop.failure().orElseThrow();
      assertThat(failure.attempts()).isEqualTo(1);
      assertThat(failure.nextRetry()).contains(looped.plusSeconds(10));

      // A reconcile during the backoff does not heal it.
      agent.loop().reconcileNow().get(30, TimeUnit.SECONDS);
      assertThat(seen(name).running()).isFalse();

      clock.advance(Duration.ofSeconds(9));
      agent.crashLoops().tick();
      assertThat(seen(name).running()).isFalse();
      clock.advance(Duration.ofSeconds(1));
      agent.crashLoops().tick();
      assertThat(seen(name).running()).isTrue();

      // It dies again: stopped, and the next start waits twice as long.
      runtime.crash(name, 1);
      await()
          .atMost(WAIT)
          .until(
              () ->
                  condition(agent, svc).failure().map(Failure::attempts).orElse(0) == 2
                      && !seen(name).running());
      Instant again = clock.instant();
      assertThat(condition(agent, svc).failure().orElseThrow().nextRetry())
          .contains(again.plusSeconds(20));
      clock.advance(Duration.ofSeconds(19));
      agent.crashLoops().tick();
      assertThat(seen(name).running()).isFalse();
      clock.advance(Duration.ofSeconds(1));
      agent.crashLoops().tick();
      assertThat(seen(name).running()).isTrue();

      // Up for a minute: the loop is over.
      clock.advance(Duration.ofMinutes(1));
      agent.crashLoops().tick();
      assertThat(condition(agent, svc).is(ConditionKind.OK)).isTrue();
      assertThat(agent.registry().events(EventQuery.recent(50).forService(svc)))
          .anySatisfy(
              e -> {
                assertThat(e.kind()).isEqualTo(EventKind.HEALED);
                assertThat(e.message()).startsWith("crash loop over: " + name);
              });
    }
  }

  private ObservedContainer seen(String name) {
    return runtime.containers().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static Condition condition(Agent agent, String service) {
    return agent.registry().condition(service, "web").map(c -> c.condition()).orElse(Condition.OK);
  }
}
