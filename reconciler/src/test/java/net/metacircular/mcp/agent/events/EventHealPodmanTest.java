package net.metacircular.mcp.agent.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.reconcile.CycleResult;
import net.metacircular.mcp.agent.reconcile.ReconcileListener;
import net.metacircular.mcp.agent.registry.Event;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event path on real podman: the agent follows {@code podman events} and heals a service as
 * soon as its container is killed. The agent's {@code drift_interval} is an hour and its poll
 * interval too, so nothing but an event can make it act within these tests' waits: each test
 * asserts the heal (or report) happened, never how long it took.
 */
@RequiresPodman
class EventHealPodmanTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  private Path services;
  private Agent agent;

  private Agent start(TestPodman t, Path root, Map<String, String> podmanEnvironment)
      throws IOException, Exception {
    services = Files.createDirectories(root.resolve("services"));
    write(t, "heal", "", t.image());
    write(t, "watch", "self_heal = false\n", t.image());
    agent =
        TestAgentSetup.forFolder(root, t.prefix(), services)
            .podmanEnvironment(podmanEnvironment)
            .agent(Clock.systemUTC());
    agent.loop().sync().get(60, TimeUnit.SECONDS);
    agent.start();
    return agent;
  }

  private void write(TestPodman t, String suffix, String extra, String image) throws IOException {
    String svc = t.service(suffix);
    Files.writeString(
        services.resolve(svc + ".toml"),
        "name = \""
            + svc
            + "\"\nnode = \""
            + t.prefix()
            + "\"\n"
            + extra
            + "\n[[components]]\nname = \"web\"\nimage = \""
            + image
            + "\"\nstop_timeout = \"2s\"\n");
  }

  private EventWatch watch() {
    return agent.watch().orElseThrow();
  }

  private void awaitFollowing() {
    await().atMost(WAIT).until(() -> watch().state().following());
  }

  private static ObservedContainer seen(TestPodman t, String name) {
    return t.containers().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no container " + name));
  }

  private List<Event> events(String service, EventKind kind) {
    return agent.registry().events(EventQuery.recent(100).forService(service)).stream()
        .filter(e -> e.kind() == kind)
        .toList();
  }

  @Test
  void aKilledContainerIsHealedByItsEventAndSelfHealOffIsReportedAtOnce(
      TestPodman t, @TempDir Path root) throws Exception {
    try (Agent a = start(t, root, t.environment())) {
      awaitFollowing();
      String heal = t.service("heal") + "-web";
      String watched = t.service("watch") + "-web";
      String before = seen(t, heal).id();

      t.byHand("kill", "--signal", "KILL", heal);
      t.byHand("kill", "--signal", "KILL", watched);

      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(events(t.service("heal"), EventKind.DRIFT))
                    .anySatisfy(e -> assertThat(e.message()).contains("exit code 137"));
                assertThat(seen(t, heal).running()).isTrue();
              });
      assertThat(seen(t, heal).id()).isEqualTo(before); // started again, not recreated
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(events(t.service("watch"), EventKind.DRIFT))
                      .anySatisfy(e -> assertThat(e.message()).contains("self_heal is off")));
      assertThat(seen(t, watched).running()).isFalse();
      assertThat(watch().router().triggered()).isGreaterThanOrEqualTo(2);
    } finally {
      t.removeAll();
    }
  }

  @Test
  void aForeignContainersStopAndTheAgentsOwnRecreateTriggerNothing(TestPodman t, @TempDir Path root)
      throws Exception {
    try (Agent a = start(t, root, t.environment())) {
      awaitFollowing();
      String foreign = t.name("foreign");
      t.byHand("run", "-d", "--name", foreign, t.image());
      long ownBefore = watch().router().ownIgnored();

      t.byHand("stop", "--time", "1", foreign);
      // The agent's own recreate: a new image tag for the healed service.
      write(t, "heal", "", t.image("v2"));
      agent.loop().sync().get(60, TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> watch().router().ownIgnored() > ownBefore);
      assertThat(events(t.service("heal"), EventKind.RECREATED)).isNotEmpty();

      // Events come in order: once this kill has asked for a reconcile of its service, the foreign
      // stop and the recreate's own died and remove have been seen. Counted by service, since one
      // kill asks more than once (podman reports its kill and its died).
      t.byHand("kill", "--signal", "KILL", t.service("watch") + "-web");
      await().atMost(WAIT).until(() -> watch().router().triggered(t.service("watch")) > 0);
      assertThat(watch().router().triggered(t.service("heal"))).isZero();
      assertThat(watch().router().triggered())
          .isEqualTo(watch().router().triggered(t.service("watch")));
      assertThat(events(t.service("heal"), EventKind.DRIFT)).isEmpty();
      assertThat(seen(t, foreign).running()).isFalse();
    } finally {
      t.removeAll();
    }
  }

  /**
   * The foreign container takes the name at once after the agent's start: its create comes within
   * the moment after the agent's own calls in which their events are still the agent's, and must
   * not be taken for one.
   */
  @Test
  void aForeignContainerTakingAManagedNameIsReportedAtOnce(TestPodman t, @TempDir Path root)
      throws Exception {
    try (Agent a = start(t, root, t.environment())) {
      awaitFollowing();
      String watched = t.service("watch") + "-web";
      t.byHand("rm", "--force", "--time", "0", watched);
      t.byHand("run", "-d", "--name", watched, t.image());

      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> assertThat(events(t.service("watch"), EventKind.CONFLICT)).isNotEmpty());
      assertThat(seen(t, watched).managed()).isFalse(); // never touched
    } finally {
      t.removeAll();
    }
  }

  @Test
  void theStreamIsFollowedAgainAfterPodmanEventsIsKilledWithAFullCycle(
      TestPodman t, @TempDir Path root) throws Exception {
    try (Agent a = start(t, root, t.environment())) {
      awaitFollowing();
      AtomicInteger fullCycles = new AtomicInteger();
      agent
          .loop()
          .addListener(
              new ReconcileListener() {
                @Override
                public void cycleFinished(CycleResult result, Duration took) {
                  fullCycles.incrementAndGet();
                }
              });

      List<ProcessHandle> streams = podmanEventsChildren();
      assertThat(streams).hasSize(1);
      streams.forEach(ProcessHandle::destroyForcibly);

      await().atMost(WAIT).until(() -> watch().state().restarts() >= 1);
      awaitFollowing();
      await().atMost(WAIT).until(() -> fullCycles.get() >= 1);
      // The new stream heals as the first did.
      String heal = t.service("heal") + "-web";
      t.byHand("kill", "--signal", "KILL", heal);
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                assertThat(events(t.service("heal"), EventKind.DRIFT)).isNotEmpty();
                assertThat(seen(t, heal).running()).isTrue();
              });
    } finally {
      t.removeAll();
    }
  }

  @Test
  void withoutReadableEventsStatusSaysPollingAndWhy(TestPodman t, @TempDir Path root)
      throws Exception {
    Path conf = root.resolve("containers.conf");
    String ours = Files.readString(Path.of(t.environment().get("CONTAINERS_CONF")));
    Files.writeString(conf, ours.replace("events_logger = \"file\"", "events_logger = \"none\""));
    try (Agent a = start(t, root, Map.of("CONTAINERS_CONF", conf.toString()))) {
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                WatchState s = watch().state();
                assertThat(s.following()).isFalse();
                assertThat(s.reason())
                    .hasValueSatisfying(
                        r -> assertThat(r).contains("podman events").contains("\"none\""));
              });
    } finally {
      t.removeAll();
    }
  }

  /** The podman events processes this JVM started (one per agent following the stream). */
  private static List<ProcessHandle> podmanEventsChildren() {
    return ProcessHandle.current()
        .descendants()
        .filter(
            p -> p.info().arguments().map(args -> List.of(args).contains("events")).orElse(false))
        .toList();
  }
}
