package net.metacircular.mcp.agent.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.reconcile.AgentHarness;
import net.metacircular.mcp.agent.reconcile.CycleResult;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.runtime.Podman;
import net.metacircular.mcp.agent.testing.Executables;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestClock;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * podman failing a fraction of calls: a shim in front of the real podman makes every third {@code
 * run} or {@code start} exit 125 with a message, until a flag file switches it to pass-through.
 */
@RequiresPodman
class FlakyPodmanTest {
  private static final String FAULT = "Error: injected fault: storage unavailable";

  private static Path shim(Path dir, Path flag) throws Exception {
    String real = Executables.system().require("podman").toString();
    Path counter = dir.resolve("faulty-calls");
    Path shim = dir.resolve("flaky-podman");
    Files.writeString(
        shim,
        "#!/bin/sh\n"
            + "case \"$1\" in run|start)\n"
            + "  if [ ! -e '"
            + flag
            + "' ]; then\n"
            + "    echo \"$*\" >> '"
            + counter
            + "'\n"
            + "    n=$(wc -l < '"
            + counter
            + "')\n"
            + "    if [ $((n % 3)) -eq 0 ]; then echo '"
            + FAULT
            + "' >&2; exit 125; fi\n"
            + "  fi ;;\n"
            + "esac\n"
            + "exec '"
            + real
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    return shim;
  }

  private static long running(TestPodman t, List<String> names) {
    return t.containers().stream().filter(c -> names.contains(c.name()) && c.running()).count();
  }

  @Test
  void failuresAreReportedWhatCanConvergeDoesAndAllConvergesOncePodmanRecovers(
      TestPodman t, @TempDir Path root) throws Exception {
    Path flag = root.resolve("pass-through");
    Podman flaky =
        new Podman(
            t.settings()
                .withExecutable(shim(Files.createDirectories(root.resolve("bin")), flag).toString())
                .withTimeout(Duration.ofSeconds(60)));
    // Failed components wait for their retry (10 s, doubling): the test moves the agent's clock
    // past it between cycles.
    TestClock clock = new TestClock();
    Duration pastAnyRetry = Duration.ofMinutes(11);
    try (AgentHarness h = new AgentHarness(t, root, PlanOptions.DEFAULTS, flaky, clock)) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        String svc = t.service("s" + i);
        h.write(svc, h.service(svc, AgentHarness.component("api", t.image())));
        names.add(svc + "-api");
      }

      // Faults on: some creations fail, visibly and with podman's message; the rest converge.
      CycleResult first = h.reconcile();
      assertThat(first.failed()).isTrue();
      assertThat(h.events())
          .filteredOn(e -> e.startsWith("failed: "))
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e).contains("injected fault: storage unavailable"));
      long afterFirst = running(t, names);
      assertThat(afterFirst).isBetween(1L, 5L);

      // Still faulty: later cycles keep converging what they can; nothing is duplicated.
      for (int cycle = 0; cycle < 10 && running(t, names) < names.size(); cycle++) {
        clock.advance(pastAnyRetry);
        h.reconcile();
      }
      assertThat(running(t, names)).isGreaterThan(afterFirst);

      // Drift while faulty: containers stopped behind the agent's back.
      for (String name : names.subList(0, 3)) {
        t.podman().stop(name, Duration.ofSeconds(2));
      }
      h.reconcile();

      // podman recovers: full convergence, one container per component, no failures.
      Files.writeString(flag, "");
      clock.advance(pastAnyRetry);
      CycleResult recovered = h.reconcile();
      assertThat(recovered.failed()).isFalse();
      CycleResult quiet = h.reconcile();
      assertThat(quiet.failed()).isFalse();
      assertThat(quiet.outcomes()).isEmpty();
      assertThat(t.containers())
          .extracting(ObservedContainer::name)
          .containsExactlyInAnyOrderElementsOf(names);
      assertThat(t.containers())
          .allSatisfy(
              c -> {
                assertThat(c.running()).isTrue();
                assertThat(c.ownedBy(t.prefix())).isTrue();
              });
      assertThat(h.registry().services()).filteredOn(s -> s.lastError().isPresent()).isEmpty();
    }
  }
}
