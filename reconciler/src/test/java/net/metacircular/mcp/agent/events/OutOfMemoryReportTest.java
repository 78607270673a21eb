package net.metacircular.mcp.agent.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.registry.Event;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import net.metacircular.mcp.agent.testing.TestClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container the kernel kills for lack of memory ({@code died} with {@code .State.OOMKilled}, as
 * the event stream completes it: podman 4.3.1 has no {@code oom} event), on the in-memory runtime:
 * on this project's machines podman cannot tell an OOM kill ({@code --memory} with runc on the
 * hybrid cgroup layout: the kernel kills the process, podman says {@code OOMKilled=false}). Both
 * services say so at once in their events; the one with self_heal is started again, the one without
 * is reported and left stopped. The drift_interval is an hour: only the event can do it.
 */
class OutOfMemoryReportTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final TestClock clock = new TestClock();
  private final InMemoryRuntime runtime = new InMemoryRuntime(clock);

  @Test
  void anOomKillIsReportedAtOnceHealedWithSelfHealAndOnlyReportedWithout(@TempDir Path root)
      throws Exception {
    Path services = Files.createDirectories(root.resolve("services"));
    String heal = write(services, "heal", "");
    String watch = write(services, "watch", "self_heal = false\n");
    try (Agent agent =
        TestAgentSetup.forFolder(root, "n1", services).runtime(runtime).agent(clock)) {
      agent.loop().sync().get(30, TimeUnit.SECONDS);
      agent.start();
      await().atMost(WAIT).until(() -> runtime.eventStreams() == 1);

      runtime.oomKill(heal + "-web");
      runtime.oomKill(watch + "-web");

      for (String svc : List.of(heal, watch)) {
        await()
            .atMost(WAIT)
            .untilAsserted(
                () ->
                    assertThat(events(agent, svc))
                        .anySatisfy(
                            e ->
                                assertThat(e.message())
                                    .isEqualTo(
                                        svc
                                            + "-web was killed by the kernel for lack of memory"
                                            + " (OOMKilled, exit code 137): raise its memory limit"
                                            + " or lower its use")));
      }
      await().atMost(WAIT).until(() -> seen(heal + "-web").running());
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(events(agent, watch))
                      .anySatisfy(
                          e ->
                              assertThat(e.message())
                                  .contains("container exited (exit code 137)")
                                  .contains("self_heal is off")));
      assertThat(seen(watch + "-web").running()).isFalse();
      // One OOM kill, one report of it, whatever else the death caused.
      assertThat(events(agent, heal).stream().filter(e -> e.message().contains("OOMKilled")))
          .hasSize(1);
    }
  }

  private String write(Path services, String suffix, String extra) throws IOException {
    String svc = runtime.service(suffix);
    Files.writeString(
        services.resolve(svc + ".toml"),
        "name = \""
            + svc
            + "\"\nnode = \"n1\"\n"
            + extra
            + "\n[[components]]\nname = \"web\"\nimage = \""
            + runtime.image()
            + "\"\nrestart = \"no\"\n");
    return svc;
  }

  private static List<Event> events(Agent agent, String service) {
    return agent.registry().events(EventQuery.recent(50).forService(service)).stream()
        .filter(e -> e.kind() == EventKind.DRIFT)
        .toList();
  }

  private ObservedContainer seen(String name) {
    return runtime.containers().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
