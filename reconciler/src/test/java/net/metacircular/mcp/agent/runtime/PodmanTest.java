package net.metacircular.mcp.agent.runtime;

import static net.metacircular.mcp.agent.testing.ComponentBuilder.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.HealthSpec;
import net.metacircular.mcp.schema.RestartPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Podman} against real podman, with the test image. */
@RequiresPodman
class PodmanTest {
  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  @Test
  void runLabelsTheContainerSoPsFindsItThenRemoveDeletesIt(TestPodman t) {
    Podman podman = t.podman();
    String service = t.service("svc");
    ComponentSpec spec = component("api", t.image()).build();

    String id = podman.run(new RunRequest(spec, service, "hash1", "commit1", t.prefix()));

    ObservedContainer seen =
        podman.ps().stream()
            .filter(c -> service.equals(c.labels().get(Labels.SERVICE)))
            .filter(c -> "api".equals(c.labels().get(Labels.COMPONENT)))
            .findFirst()
            .orElseThrow();
    assertThat(seen.id()).isEqualTo(id);
    assertThat(seen.name()).isEqualTo(service + "-api");
    assertThat(seen.managed()).isTrue();
    assertThat(seen.label(Labels.SPEC_HASH)).contains("hash1");
    assertThat(seen.label(Labels.COMMIT)).contains("commit1");
    assertThat(seen.running()).isTrue();
    assertThat(seen.startedAt()).isPresent();
    assertThat(seen.image()).isEqualTo(t.image());

    podman.stop(seen.name(), TEN_SECONDS);
    podman.remove(seen.name(), false);
    assertThat(t.containers()).isEmpty();
  }

  @Test
  void portsVolumesEnvUserRestartAndStopTimeoutTakeEffect(TestPodman t, @TempDir Path data)
      throws Exception {
    Podman podman = t.podman();
    Files.writeString(data.resolve("greeting"), "from the host");
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    int port = freePort();
    // httpd listens on 8080: as user 65534 it may not bind a port below 1024.
    ComponentSpec spec =
        component("web", t.image())
            .cmd(
                "sh",
                "-c",
                "httpd -p 8080 -h /www; trap 'exit 0' TERM; while :; do sleep 1 & wait; done")
            .port("127.0.0.1:" + port + ":8080")
            .volume(data + ":/data:ro")
            .env("GREETING", "hello world")
            .user("65534:65534")
            .restart(new RestartPolicy(RestartPolicy.Kind.ON_FAILURE, 2))
            .stopTimeout(Duration.ofMillis(2500))
            .build();
    String name = runWith(t, spec);

    assertThat(podman.inspect(name, "{{.Config.User}}").strip()).isEqualTo("65534:65534");
    assertThat(podman.inspect(name, "{{json .Config.Env}}")).contains("\"GREETING=hello world\"");
    assertThat(podman.inspect(name, "{{.HostConfig.RestartPolicy.Name}}").strip())
        .isEqualTo("on-failure");
    assertThat(podman.inspect(name, "{{.HostConfig.RestartPolicy.MaximumRetryCount}}").strip())
        .isEqualTo("2");
    assertThat(podman.inspect(name, "{{.Config.StopTimeout}}").strip()).isEqualTo("3");
    assertThat(podman.inspect(name, "{{json .HostConfig.Binds}}")).contains(data + ":/data:ro");
    assertThat(httpGet(port)).isEqualTo("mcp-test\n");
  }

  @Test
  void stopIsPromptWhenTheProcessHonoursSigterm(TestPodman t) {
    Podman podman = t.podman();
    String name = runDefault(t, "svc");

    long started = System.nanoTime();
    podman.stop(name, TEN_SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(state(t, name)).isEqualTo(ContainerState.EXITED);
    podman.start(name);
    assertThat(state(t, name)).isEqualTo(ContainerState.RUNNING);
    podman.restart(name, TEN_SECONDS);
    assertThat(state(t, name)).isEqualTo(ContainerState.RUNNING);
  }

  @Test
  void stopAndRemoveStopsWithSigtermAndRemovesInOneCall(TestPodman t) {
    Podman podman = t.podman();
    String name = runDefault(t, "svc");

    long started = System.nanoTime();
    podman.stopAndRemove(name, TEN_SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    // Well under the ten seconds after which it would have been killed: it was asked to stop.
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(t.containers()).isEmpty();
  }

  @Test
  void aRemovalWhoseKillRacedTheContainersOwnExitIsMadeAgain(TestPodman t, @TempDir Path dir)
      throws IOException {
    String name = runDefault(t, "svc");
    // A podman in front of the real one whose first rm stops the container, then fails as podman
    // 4.3.1 does when its SIGKILL finds the container already gone; the next calls go through.
    Path once = dir.resolve("failed-once");
    Path shim = dir.resolve("podman");
    String real = t.settings().executable();
    Files.writeString(
        shim,
        "#!/bin/sh\n"
            + "if [ \"$1\" = rm ] && [ ! -e '"
            + once
            + "' ]; then\n"
            + "  touch '"
            + once
            + "'\n"
            + "  \""
            + real
            + "\" stop --time 0 \"$5\" >/dev/null\n"
            + "  echo \"Error: cannot remove container $5 as it could not be stopped: sending"
            + " signal 9 to container $5: runc kill failed: exit status 1\" >&2\n"
            + "  exit 125\n"
            + "fi\n"
            + "exec \""
            + real
            + "\" \"$@\"\n");
    Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    Podman racing = new Podman(t.settings().withExecutable(shim.toString()));

    racing.stopAndRemove(name, TEN_SECONDS);

    assertThat(once).exists();
    assertThat(t.containers()).isEmpty();
  }

  @Test
  void aFailingCallCarriesExitCodeStderrAndArgv(TestPodman t) {
    String missing = t.name("missing");

    assertThatThrownBy(() -> t.podman().start(missing))
        .isInstanceOfSatisfying(
            PodmanException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(125);
              assertThat(e.stderr()).contains("no such container");
              assertThat(e.noSuchContainer()).isTrue();
              assertThat(e.argv()).containsExactly("podman", "start", missing);
              assertThat(e).hasMessageContaining("exit 125").hasMessageContaining(missing);
            });
  }

  @Test
  void logsOfAMissingContainerSayNoSuchContainer(TestPodman t) {
    // logs merges stderr into stdout (to keep the container's lines in order): podman's own
    // error must still reach the exception, so that the API can answer NOT_FOUND.
    assertThatThrownBy(() -> t.podman().logs(t.name("missing"), 10))
        .isInstanceOfSatisfying(
            PodmanException.class, e -> assertThat(e.noSuchContainer()).isTrue());
  }

  @Test
  void removingARunningContainerWithoutForceIsRefused(TestPodman t) {
    String name = runDefault(t, "svc");

    assertThatThrownBy(() -> t.podman().remove(name, false))
        .isInstanceOfSatisfying(
            PodmanException.class, e -> assertThat(e.stderr()).contains("cannot remove container"));
    t.podman().remove(name, true);
    assertThat(t.containers()).isEmpty();
  }

  @Test
  void envValuesNeverReachAnError(TestPodman t) {
    // A malformed port makes podman refuse the run at once, after it has seen the env.
    ComponentSpec spec =
        component("api", t.image()).env("TOKEN", "s3cret").port("not-a-port").build();

    // The message leads with podman's reason; the command line (for the debug log) is redacted.
    assertThatThrownBy(() -> t.podman().run(new RunRequest(spec, t.service("svc"), "h", "c")))
        .isInstanceOfSatisfying(
            PodmanException.class,
            e -> {
              assertThat(e).hasMessageNotContaining("s3cret");
              assertThat(e.argv())
                  .contains("TOKEN=" + Argv.REDACTED)
                  .doesNotContain("TOKEN=s3cret");
            });
  }

  @Test
  void aCallThatOutlivesItsTimeoutIsKilledAndReportedAsATimeout(TestPodman t, @TempDir Path dir)
      throws IOException {
    // A wrapping shim in front of the real podman: the only fake these tests use.
    Path shim = dir.resolve("slow-podman");
    Files.writeString(shim, "#!/bin/sh\nsleep 5\nexec podman \"$@\"\n");
    Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    Podman slow =
        new Podman(
            t.settings().withExecutable(shim.toString()).withTimeout(Duration.ofMillis(500)));

    long started = System.nanoTime();
    assertThatThrownBy(slow::ps)
        .isInstanceOfSatisfying(
            PodmanTimeoutException.class,
            e -> {
              assertThat(e.timeout()).isEqualTo(Duration.ofMillis(500));
              assertThat(e.exitCode()).isEqualTo(PodmanException.NO_EXIT_CODE);
              assertThat(e).hasMessageContaining("did not finish within PT0.5S");
            });
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void healthcheckRunReportsHealthyAndPodmanRecordsIt(TestPodman t) {
    Podman podman = t.podman();
    String name = runWith(t, component("api", t.image()).health("test", "-d", "/bin").build());

    assertThat(podman.healthcheckRun(name)).isEqualTo(HealthResult.HEALTHY);
    assertThat(podman.inspectHealth(name)).contains("healthy");
  }

  @Test
  void healthcheckRunReportsUnhealthyWithTheChecksOutput(TestPodman t) {
    Podman podman = t.podman();
    HealthSpec failing =
        new HealthSpec(
            List.of("sh", "-c", "echo database unreachable; exit 1"),
            Duration.ofSeconds(30),
            1,
            Duration.ZERO,
            Duration.ofSeconds(5));
    String name = runWith(t, component("api", t.image()).health(failing).build());

    HealthResult result = podman.healthcheckRun(name);

    assertThat(result.status()).isEqualTo(HealthResult.Status.UNHEALTHY);
    assertThat(result.output()).contains("database unreachable");
    assertThat(podman.inspectHealth(name)).contains("unhealthy");
  }

  @Test
  void aContainerWithoutHealthcheckSaysSo(TestPodman t) {
    String name = runDefault(t, "svc");

    assertThat(t.podman().healthcheckRun(name)).isEqualTo(HealthResult.NO_HEALTHCHECK);
    assertThat(t.podman().inspectHealth(name)).isEmpty();
  }

  @Test
  void logsReturnsTheLastLinesOfStdoutAndStderrInterleaved(TestPodman t) throws Exception {
    String name =
        runWith(
            t,
            component("api", t.image())
                .cmd(
                    "sh",
                    "-c",
                    "for i in 1 2 3 4 5; do echo line$i; done; echo oops >&2; "
                        + "trap 'exit 0' TERM; while :; do sleep 1 & wait; done")
                .build());

    String logs =
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> t.podman().logs(name, 2), l -> l.contains("oops"));

    assertThat(logs.lines().toList()).containsExactly("line5", "oops");
    assertThat(t.podman().logs(name, -1).lines()).hasSize(6);
  }

  @Test
  void imagesCanBeCheckedAndTagged(TestPodman t) {
    assertThat(t.podman().imageExists(t.image())).isTrue();
    assertThat(t.podman().imageExists("localhost/mcp-test:absent-" + t.prefix())).isFalse();

    String second = t.image("2");

    assertThat(t.podman().imageExists(second)).isTrue();
    assertThat(t.podman().version()).matches("\\d+\\.\\d+.*");
  }

  @Test
  void pullOfAnUnreachableImageFailsWithPodmansReason(TestPodman t) {
    assertThatThrownBy(() -> t.podman().pull("127.0.0.1:1/nothing/here:1"))
        .isInstanceOfSatisfying(
            PodmanException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(125);
              assertThat(e.stderr()).contains("127.0.0.1:1");
            });
  }

  private static String runDefault(TestPodman t, String service) {
    return runWith(t, t.service(service), component("api", t.image()).build());
  }

  private static String runWith(TestPodman t, ComponentSpec spec) {
    return runWith(t, t.service("svc"), spec);
  }

  private static String runWith(TestPodman t, String service, ComponentSpec spec) {
    RunRequest request = new RunRequest(spec, service, "h", "c", t.prefix());
    t.podman().run(request);
    return request.containerName();
  }

  private static ContainerState state(TestPodman t, String name) {
    return t.podman().ps().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow()
        .state();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** busybox httpd starts in the background; give it a moment. */
  private static String httpGet(int port) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build();
    return await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .ignoreExceptionsInstanceOf(IOException.class)
        .until(() -> client.send(request, HttpResponse.BodyHandlers.ofString()).body(), b -> true);
  }
}
