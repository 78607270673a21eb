package net.metacircular.mcp.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import net.metacircular.mcp.agent.testing.PodmanShim;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * podman 4.3.1 rotates its events log ({@code events_logger = "file"}) at {@code
 * events_logfile_max_size}, 1 MB by default: on a node that runs many containers, every few
 * minutes. At a rotation, {@code podman events --since} exits 0. The stream follows podman through
 * it, sending each event once. Here the log is the test's own, rotated at 4 KB: about every fourth
 * container.
 */
@RequiresPodman
class PodmanEventLogRotationPodmanTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int CONTAINERS = 16;

  /** The test's podman settings: the CI's containers.conf, with a small events log of its own. */
  private static PodmanSettings rotatingEventsLog(TestPodman t, Path log, Path dir)
      throws Exception {
    String ours = Files.readString(Path.of(t.environment().get("CONTAINERS_CONF")));
    String logger = "events_logger = \"file\"";
    assertThat(ours).contains(logger);
    Path conf = dir.resolve("containers.conf");
    Files.writeString(
        conf,
        ours.replace(
            logger,
            logger + "\nevents_logfile_path = \"" + log + "\"\nevents_logfile_max_size = \"4k\""));
    Map<String, String> env = new HashMap<>(t.environment());
    env.put("CONTAINERS_CONF", conf.toString());
    PodmanSettings s = t.settings();
    return new PodmanSettings(s.executable(), env, s.timeout(), s.pullTimeout());
  }

  private static List<RuntimeEvent> events(List<RuntimeEvent> seen, String name, String action) {
    return seen.stream().filter(e -> e.name().equals(name) && e.action().equals(action)).toList();
  }

  private static List<RuntimeEvent> died(List<RuntimeEvent> seen, String name) {
    return events(seen, name, RuntimeEvent.DIED);
  }

  /**
   * Containers created and removed, not run: their events are written by the podman that acts
   * alone. A container's {@code died} is written by whichever podman sees the exit first, often
   * another test's {@code podman ps}, which writes to the shared log, not to this test's.
   */
  @Test
  void theStreamFollowsPodmanThroughRotationsOfItsEventsLogAndSendsEachEventOnce(
      TestPodman t, @TempDir Path dir) throws Exception {
    Path log = dir.resolve("events.log");
    PodmanSettings rotating = rotatingEventsLog(t, log, dir);
    PodmanShim shim = PodmanShim.create(rotating, dir);
    Podman podman = shim.podman();
    PodmanSettings settings = rotating.withExecutable(shim.executable().toString());
    List<RuntimeEvent> seen = new CopyOnWriteArrayList<>();
    List<String> names = new ArrayList<>();
    try (EventStream stream = podman.events(Instant.now(), t.prefix(), seen::add)) {
      for (int i = 0; i < CONTAINERS; i++) {
        String name = t.name("r" + i);
        TestPodman.byHand(settings, "create", "--name", name, t.image());
        podman.remove(name, true);
        names.add(name);
      }
      await()
          .atMost(WAIT)
          .untilAsserted(
              () -> {
                for (String name : names) {
                  assertThat(events(seen, name, RuntimeEvent.REMOVE))
                      .as(name + " removed, in " + seen)
                      .isNotEmpty();
                }
              });

      assertThat(Files.readString(log))
          .as("podman rotated its events log")
          .contains("log-rotation");
      assertThat(shim.calls().stream().filter(c -> c.startsWith("events ")))
          .as("podman events, started again after it exited at a rotation")
          .hasSizeGreaterThanOrEqualTo(2);
      for (String name : names) {
        assertThat(events(seen, name, RuntimeEvent.CREATE)).as(name).hasSize(1);
        assertThat(events(seen, name, RuntimeEvent.REMOVE)).as(name).hasSize(1);
      }
      assertThat(seen.stream().map(e -> e.id() + " " + e.action() + " " + e.time()))
          .as("each event once")
          .doesNotHaveDuplicates();
    } finally {
      t.removeAll();
    }
  }

  /**
   * A podman in front of the counting shim whose {@code podman events} exits 0 at once, without a
   * line, the first {@code times} times (all times when negative), as podman 4.3.1's does when its
   * log is rotated while it is still reading it: the real podman cannot be made to on demand.
   */
  private static Podman eventsExitingAtOnce(TestPodman t, PodmanShim counting, Path dir, int times)
      throws Exception {
    Path count = dir.resolve("events-exits");
    Path shim = dir.resolve("exiting-podman");
    Files.writeString(
        shim,
        "#!/bin/sh\n"
            + "if [ \"$1\" = events ]; then\n"
            + "  n=$(cat "
            + PodmanShim.quote(count.toString())
            + " 2>/dev/null || echo 0)\n"
            + "  echo $((n + 1)) > "
            + PodmanShim.quote(count.toString())
            + "\n"
            + "  if [ "
            + times
            + " -lt 0 ] || [ \"$n\" -lt "
            + times
            + " ]; then exit 0; fi\n"
            + "fi\n"
            + "exec "
            + PodmanShim.quote(counting.executable().toString())
            + " \"$@\"\n");
    Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new Podman(
        new PodmanSettings(
            shim.toString(),
            t.environment(),
            PodmanSettings.DEFAULT_TIMEOUT,
            PodmanSettings.DEFAULT_PULL_TIMEOUT));
  }

  @Test
  void aPodmanEventsThatEndsAtOnceWithoutALineIsFollowedAgainAndMissesNothing(
      TestPodman t, @TempDir Path dir) throws Exception {
    PodmanShim counting = PodmanShim.create(t, dir);
    Podman podman = eventsExitingAtOnce(t, counting, dir, 2);
    List<RuntimeEvent> seen = new CopyOnWriteArrayList<>();
    try (EventStream stream = podman.events(Instant.now(), t.prefix(), seen::add)) {
      String service = t.service("svc");
      counting.podman().run(ExitsByItself.request(t, service));
      await()
          .atMost(WAIT)
          .untilAsserted(
              () ->
                  assertThat(died(seen, service + "-api"))
                      .singleElement()
                      .satisfies(e -> assertThat(e.exitCode()).hasValue(3)));
      assertThat(counting.calls().stream().filter(c -> c.startsWith("events ")))
          .as("the third podman events, after two that ended at once")
          .hasSize(1);
      assertThat(Files.readString(dir.resolve("events-exits")).strip()).isEqualTo("3");
    } finally {
      t.removeAll();
    }
  }

  @Test
  void aPodmanEventsThatAlwaysEndsAtOnceEndsTheStreamSayingSo(TestPodman t, @TempDir Path dir)
      throws Exception {
    Podman podman = eventsExitingAtOnce(t, PodmanShim.create(t, dir), dir, -1);
    try (EventStream stream = podman.events(Instant.now(), t.prefix(), e -> {})) {
      assertThat(stream.awaitEnd())
          .startsWith(dir.resolve("exiting-podman") + " events --format json")
          .endsWith(" exited 0 at once, " + PodmanEventStream.MAX_QUICK_EXITS + " times in a row");
      assertThat(Files.readString(dir.resolve("events-exits")).strip())
          .isEqualTo(String.valueOf(PodmanEventStream.MAX_QUICK_EXITS));
    }
  }
}
