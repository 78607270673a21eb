package net.metacircular.mcp.agent.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.runtime.Podman;
import net.metacircular.mcp.agent.testing.Executables;
import net.metacircular.mcp.agent.testing.PodmanShim;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent read requests share {@code podman ps} calls, and never get an answer older than them.
 */
@RequiresPodman
class SharedPsTest {

  private static List<String> names(List<ObservedContainer> containers) {
    return containers.stream().map(ObservedContainer::name).toList();
  }

  @Test
  void manyConcurrentRequestsShareAFewCalls(TestPodman t, @TempDir Path dir) throws Exception {
    PodmanShim shim = PodmanShim.create(t, dir);
    SharedPs shared = new SharedPs(shim.podman());
    int requests = 20;
    ExecutorService pool = Executors.newFixedThreadPool(requests);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<ObservedContainer>>> answers = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        answers.add(
            pool.submit(
                () -> {
                  go.await();
                  return shared.ps();
                }));
      }
      go.countDown();
      for (Future<List<ObservedContainer>> f : answers) {
        assertThat(f.get(2, TimeUnit.MINUTES)).isNotNull();
      }
    } finally {
      pool.shutdownNow();
    }
    List<String> ps = shim.calls().stream().filter(c -> c.startsWith("ps ")).toList();
    assertThat(ps).as("podman ps calls for " + requests + " requests").isNotEmpty();
    assertThat(ps.size()).isLessThanOrEqualTo(requests / 2);
  }

  /**
   * A call started before a change is running (held by a shim after its real {@code ps}); a request
   * made after the change waits for a call of its own and sees the change.
   */
  @Test
  void aRequestNeverGetsTheAnswerOfACallStartedBeforeIt(TestPodman t, @TempDir Path dir)
      throws Exception {
    String real = Executables.system().require("podman").toString();
    Path listed = dir.resolve("listed");
    Path release = dir.resolve("release");
    Path shim = dir.resolve("held-podman");
    Files.writeString(
        shim,
        "#!/bin/sh\n"
            + "[ \"$1\" = ps ] || exec '"
            + real
            + "' \"$@\"\n"
            + "out=$('"
            + real
            + "' \"$@\") || exit $?\n"
            + "touch '"
            + listed
            + "'\n"
            + "while [ ! -e '"
            + release
            + "' ]; do sleep 0.05; done\n"
            + "printf '%s\\n' \"$out\"\n");
    Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    SharedPs shared = new SharedPs(new Podman(t.settings().withExecutable(shim.toString())));

    CompletableFuture<List<ObservedContainer>> early = CompletableFuture.supplyAsync(shared::ps);
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> Files.exists(listed));
    String made = t.name("made-after");
    ProcessBuilder run =
        new ProcessBuilder(real, "run", "-d", "--name", made, t.image()).redirectErrorStream(true);
    run.environment().putAll(t.environment());
    Process p = run.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();

    List<List<ObservedContainer>> lateAnswer = new CopyOnWriteArrayList<>();
    Thread late = new Thread(() -> lateAnswer.add(shared.ps()));
    late.start();
    // The late request waits for the held call to end (it must not take that call's answer).
    await()
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> late.getState() == Thread.State.WAITING || !late.isAlive());
    Files.writeString(release, "");
    assertThat(names(early.get(2, TimeUnit.MINUTES))).doesNotContain(made);
    late.join(TimeUnit.MINUTES.toMillis(2));
    assertThat(lateAnswer).singleElement().satisfies(a -> assertThat(names(a)).contains(made));
  }
}
