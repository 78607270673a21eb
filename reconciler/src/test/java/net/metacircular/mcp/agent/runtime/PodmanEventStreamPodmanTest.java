package net.metacircular.mcp.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import net.metacircular.mcp.agent.testing.PodmanShim;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event stream asks podman about {@code .State.OOMKilled} only when a container of the agent's
 * own node dies: a foreign container, a managed one of another node and one that only claims to be
 * managed die without a podman call, also when a restarted stream replays their deaths. The calls
 * are counted by a shim in front of the real podman.
 */
@RequiresPodman
class PodmanEventStreamPodmanTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final String OOM_INSPECT = "container inspect --format {{.State.OOMKilled}} ";

  /** The four containers of a test: only {@link #ours} belongs to the node {@code t.prefix()}. */
  private record Deaths(String ours, String oursId, List<String> notOurs) {}

  /**
   * Runs three containers that are not the node's and kills them, then one of the node's that exits
   * 3 by itself: the events come in this order, on one thread.
   */
  private static Deaths die(TestPodman t, Podman podman) {
    String foreign = t.name("foreign");
    String otherNode = t.service("other") + "-api";
    String claims = t.service("claims") + "-api";
    t.runOutside(foreign, Map.of());
    t.runOutside(otherNode, Map.of(Labels.MANAGED, "true", Labels.NODE, t.prefix() + "-other"));
    t.runOutside(claims, Map.of(Labels.MANAGED, "true"));
    for (String name : List.of(foreign, otherNode, claims)) {
      t.byHand("kill", name);
    }
    String service = t.service("svc");
    String id = podman.run(ExitsByItself.request(t, service));
    return new Deaths(service + "-api", id, List.of(foreign, otherNode, claims));
  }

  private static RuntimeEvent died(List<RuntimeEvent> seen, String name) {
    return seen.stream()
        .filter(e -> e.name().equals(name) && e.action().equals(RuntimeEvent.DIED))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no died event of " + name + " in " + seen));
  }

  private static void awaitDeaths(List<RuntimeEvent> seen, Deaths d) {
    await()
        .atMost(WAIT)
        .untilAsserted(
            () -> {
              for (String name : d.notOurs()) {
                died(seen, name);
              }
              died(seen, d.ours());
            });
  }

  private static List<String> oomInspects(PodmanShim shim) {
    return shim.calls().stream().filter(c -> c.startsWith(OOM_INSPECT)).toList();
  }

  @Test
  void onlyTheNodesOwnDeathsCostAnInspectAlsoWhenAStreamReplaysThem(TestPodman t, @TempDir Path dir)
      throws Exception {
    PodmanShim shim = PodmanShim.create(t, dir);
    Instant since = Instant.now();
    List<RuntimeEvent> seen = new CopyOnWriteArrayList<>();
    try (EventStream stream = shim.podman().events(since, t.prefix(), seen::add)) {
      Deaths d = die(t, shim.podman());
      awaitDeaths(seen, d);

      assertThat(oomInspects(shim)).containsExactly(OOM_INSPECT + d.oursId());
      RuntimeEvent ours = died(seen, d.ours());
      assertThat(ours.exitCode()).hasValue(3);
      assertThat(ours.oomKilled()).isFalse();
      assertThat(ours.ownedBy(t.prefix())).isTrue();
      for (String name : d.notOurs()) {
        RuntimeEvent theirs = died(seen, name);
        assertThat(theirs.exitCode()).as(name).hasValue(137);
        assertThat(theirs.oomKilled()).as(name).isFalse();
        assertThat(theirs.ownedBy(t.prefix())).as(name).isFalse();
      }

      // Gone, then replayed by a stream started again from the same time: the one inspect of
      // ours finds no container (not OOM-killed, as before), the others still cost nothing.
      t.removeAll();
      shim.clear();
      List<RuntimeEvent> replayed = new CopyOnWriteArrayList<>();
      try (EventStream again = shim.podman().events(since, t.prefix(), replayed::add)) {
        awaitDeaths(replayed, d);
        assertThat(oomInspects(shim)).containsExactly(OOM_INSPECT + d.oursId());
        assertThat(died(replayed, d.ours()).exitCode()).hasValue(3);
        assertThat(died(replayed, d.ours()).oomKilled()).isFalse();
      }
    } finally {
      t.removeAll();
    }
  }

  /**
   * podman here cannot tell an OOM kill (runc on the hybrid cgroup layout says {@code
   * OOMKilled=false}, see {@code OutOfMemoryReportTest}), so this shim answers {@code true} to
   * every {@code .State.OOMKilled} inspect that the real podman answers: the node's own container
   * is reported OOM-killed with its exit code, and no other container is asked about.
   */
  @Test
  void theNodesOwnDeathIsStillReportedOomKilled(TestPodman t, @TempDir Path dir) throws Exception {
    PodmanShim counting = PodmanShim.create(t, dir);
    Path shim = dir.resolve("oom-podman");
    Files.writeString(
        shim,
        "#!/bin/sh\n"
            + "case \"$*\" in\n"
            + "  'container inspect --format {{.State.OOMKilled}} '*)\n"
            + "    "
            + PodmanShim.quote(counting.executable().toString())
            + " \"$@\" >/dev/null || exit $?\n"
            + "    echo true ;;\n"
            + "  *) exec "
            + PodmanShim.quote(counting.executable().toString())
            + " \"$@\" ;;\n"
            + "esac\n");
    Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    Podman podman = new Podman(t.settings().withExecutable(shim.toString()));
    List<RuntimeEvent> seen = new CopyOnWriteArrayList<>();
    try (EventStream stream = podman.events(Instant.now(), t.prefix(), seen::add)) {
      Deaths d = die(t, podman);
      awaitDeaths(seen, d);

      assertThat(oomInspects(counting)).containsExactly(OOM_INSPECT + d.oursId());
      assertThat(died(seen, d.ours()).oomKilled()).isTrue();
      assertThat(died(seen, d.ours()).exitCode()).hasValue(3);
      assertThat(died(seen, d.ours()).toString()).contains("(exit code 3) (OOMKilled)");
      for (String name : d.notOurs()) {
        assertThat(died(seen, name).oomKilled()).as(name).isFalse();
      }
    } finally {
      t.removeAll();
    }
  }

  @Test
  void aListenerThatFailsEndsTheStreamSayingWhyAndLeavesNoPodmanEventsRunning(TestPodman t)
      throws Exception {
    Podman podman = new Podman(t.settings());
    try (EventStream stream =
        podman.events(
            Instant.now(),
            t.prefix(),
            e -> {
              throw new IllegalStateException("no registry for " + e.name());
            })) {
      String name = t.name("any");
      t.runOutside(name, Map.of());
      assertThat(stream.awaitEnd())
          .startsWith(
              "handling podman's events failed: java.lang.IllegalStateException: no registry for ");
      await()
          .atMost(WAIT)
          .until(
              () ->
                  ProcessHandle.current()
                      .descendants()
                      .noneMatch(
                          p ->
                              p.info()
                                  .arguments()
                                  .map(args -> List.of(args).contains("events"))
                                  .orElse(false)));
    } finally {
      t.removeAll();
    }
  }
}
