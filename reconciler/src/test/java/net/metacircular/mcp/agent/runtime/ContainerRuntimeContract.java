package net.metacircular.mcp.agent.runtime;

import static net.metacircular.mcp.agent.testing.ComponentBuilder.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import net.metacircular.mcp.agent.testing.RuntimeFixture;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.HealthSpec;
import net.metacircular.mcp.schema.RestartPolicy;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * What the engine relies on from a {@link ContainerRuntime}, run against real podman ({@link
 * PodmanContractTest}, in CI every time) and against the in-memory runtime ({@link
 * InMemoryRuntimeContractTest}): the in-memory runtime is trusted for these behaviours and no
 * others. A test on the in-memory runtime that relies on something not asserted here must move to
 * real podman, or add its assertion here first.
 */
abstract class ContainerRuntimeContract {
  private static final Duration STOP = Duration.ofSeconds(2);
  private static final String NO_SUCH = "found: no such container";

  /** This test's runtime and names. */
  abstract RuntimeFixture fixture();

  /**
   * {@code podman kill}: SIGKILL from outside the agent; returns once podman shows the container
   * exited (the in-memory runtime does not model podman's transient "stopped" state in between).
   */
  abstract void kill(String name);

  /** The container's main process exits 0 by itself (the test image's, on SIGTERM from inside). */
  abstract void exitByItself(String name);

  /**
   * The main process of a container run with {@link #EXITS_3_ON_TERM} exits 3 by itself (on SIGTERM
   * from inside).
   */
  abstract void failByItself(String name);

  /** A command that runs until SIGTERM, then exits 3. */
  static final String[] EXITS_3_ON_TERM = {
    "sh", "-c", "trap 'exit 3' TERM; while :; do sleep 86400 & wait; done"
  };

  private int restartCount(String name) {
    return runtime().restartCount(name);
  }

  /**
   * A container {@code dependent} created by hand in the network namespace of the running {@code
   * name} ({@code --network container:<name>}): podman refuses to remove {@code name} while it is
   * there.
   */
  abstract void runDependent(String name, String dependent);

  /** A container created by hand with no labels, holding {@code name}. */
  abstract void runForeign(String name);

  /** From now on the container's health check prints {@code db unreachable} and exits 1. */
  abstract void breakHealthCheck(String name);

  /** From now on the container's health check passes. */
  abstract void mendHealthCheck(String name);

  /** The runtime's present time, as its events are stamped. */
  abstract Instant now();

  private ContainerRuntime runtime() {
    return fixture().runtime();
  }

  private String run(String service, ComponentSpec spec) {
    return runtime().run(new RunRequest(spec, service, "hash1", "commit1", fixture().prefix()));
  }

  private String runApi() {
    String service = fixture().service("svc");
    run(service, component("api", fixture().image()).build());
    return service + "-api";
  }

  private ObservedContainer seen(String name) {
    return runtime().ps().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("ps does not show " + name));
  }

  private static PodmanException failure(ThrowingCallable call) {
    try {
      call.call();
    } catch (PodmanException e) {
      return e;
    } catch (Throwable t) {
      throw new AssertionError("expected a PodmanException, got " + t, t);
    }
    throw new AssertionError("expected a PodmanException, but the call succeeded");
  }

  @Test
  void runLabelsTheContainerAndPsShowsEveryFieldTheObserverReads() {
    String service = fixture().service("svc");
    String id = run(service, component("api", fixture().image()).build());

    ObservedContainer c = seen(service + "-api");
    assertThat(c.id()).isEqualTo(id).hasSize(64);
    assertThat(c.state()).isEqualTo(ContainerState.RUNNING);
    assertThat(c.status()).startsWith("Up");
    assertThat(c.labels())
        .containsAllEntriesOf(
            Map.of(
                Labels.MANAGED, "true",
                Labels.SERVICE, service,
                Labels.COMPONENT, "api",
                Labels.SPEC_HASH, "hash1",
                Labels.COMMIT, "commit1",
                Labels.NODE, fixture().prefix()));
    assertThat(c.ownedBy(fixture().prefix())).isTrue();
    assertThat(c.image()).isEqualTo(fixture().image());
    assertThat(c.imageId()).isNotEmpty();
    assertThat(c.startedAt()).isPresent();
    assertThat(c.exitCode()).isZero();
  }

  @Test
  void anotherTagOfTheSameImageHasTheSameImageId() {
    String service = fixture().service("svc");
    run(service, component("api", fixture().image()).build());
    run(service, component("web", fixture().image("contract")).build());

    assertThat(seen(service + "-web").image()).isEqualTo(fixture().image("contract"));
    assertThat(seen(service + "-web").imageId()).isEqualTo(seen(service + "-api").imageId());
    assertThat(runtime().imageExists(fixture().image("contract"))).isTrue();
  }

  @Test
  void stopLeavesItExitedWithItsExitCodeAndStartRunsTheSameContainerAgain() {
    String name = runApi();
    String id = seen(name).id();

    runtime().stop(name, STOP);
    assertThat(seen(name).state()).isEqualTo(ContainerState.EXITED);
    assertThat(seen(name).exitCode()).isZero(); // the test image exits 0 on SIGTERM
    assertThat(seen(name).status()).startsWith("Exited (0)");
    runtime().stop(name, STOP); // stopping a stopped container is no error

    runtime().start(name);
    assertThat(seen(name).running()).isTrue();
    assertThat(seen(name).id()).isEqualTo(id);
    runtime().start(name); // nor is starting a running one
  }

  @Test
  void aKilledContainerIsExitedWith137() {
    String name = runApi();

    kill(name);

    assertThat(seen(name).state()).isEqualTo(ContainerState.EXITED);
    assertThat(seen(name).exitCode()).isEqualTo(137);
    assertThat(seen(name).status()).startsWith("Exited (137)");
  }

  @Test
  void aProcessThatExitsIsRestartedByUnlessStoppedAndCountedButNotUnderNo() {
    String service = fixture().service("svc");
    run(service, component("api", fixture().image()).build()); // unless-stopped
    run(
        service,
        component("once", fixture().image())
            .restart(new RestartPolicy(RestartPolicy.Kind.NO, 0))
            .build());
    assertThat(restartCount(service + "-api")).isZero();

    exitByItself(service + "-api");
    exitByItself(service + "-once");

    // podman's cleanup restarts it a moment after the exit.
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(restartCount(service + "-api")).isEqualTo(1);
              assertThat(seen(service + "-api").running()).isTrue();
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> seen(service + "-once").state() == ContainerState.EXITED);
    assertThat(seen(service + "-once").exitCode()).isZero();
    assertThat(restartCount(service + "-once")).isZero();
  }

  @Test
  void aFailureRestartedByPodmanIsCountedItsExitCodeIsSetBackAndOnlyTheDiedEventKeepsIt()
      throws InterruptedException {
    String service = fixture().service("svc");
    String name = service + "-api";
    List<RuntimeEvent> seen = new CopyOnWriteArrayList<>();
    try (EventStream stream = runtime().events(now(), fixture().prefix(), seen::add)) {
      run(
          service,
          component("api", fixture().image())
              .cmd(EXITS_3_ON_TERM)
              .restart(new RestartPolicy(RestartPolicy.Kind.ON_FAILURE, 0))
              .build());
      String id = seen(name).id();
      failByItself(name);

      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                assertThat(restartCount(name)).isEqualTo(1);
                assertThat(seen(name).running()).isTrue();
              });
      assertThat(seen(name).id()).isEqualTo(id);
      // podman 4.3.1 sets ExitCode back to 0 when its restart policy starts the container again.
      assertThat(seen(name).exitCode()).isZero();
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .anyMatch(
                          e ->
                              e.id().equals(id)
                                  && e.action().equals(RuntimeEvent.DIED)
                                  && e.exitCode().equals(java.util.OptionalInt.of(3))));
    }

    runtime().stop(name, STOP);
    assertThat(restartCount(name)).as("a stop is no restart").isEqualTo(1);
    runtime().start(name);
    assertThat(restartCount(name)).as("a start by hand sets it back").isZero();
  }

  @Test
  void restartRunsARunningOrAStoppedContainerAgain() {
    String name = runApi();
    String id = seen(name).id();
    runtime().restart(name, STOP);
    assertThat(seen(name).running()).isTrue();

    runtime().stop(name, STOP);
    runtime().restart(name, STOP);
    assertThat(seen(name).running()).isTrue();
    assertThat(seen(name).id()).isEqualTo(id);
  }

  @Test
  void removeRefusesARunningContainerWithoutForceAndTakesAStoppedOne() {
    String name = runApi();
    String id = seen(name).id();

    PodmanException refused = failure(() -> runtime().remove(name, false));
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.stderr())
        .contains("cannot remove container " + id + " as it is running")
        .contains("container state improper");
    assertThat(seen(name).running()).isTrue();

    runtime().stop(name, STOP);
    runtime().remove(name, false);
    assertThat(fixture().containers()).isEmpty();
  }

  @Test
  void forcedRemovalAndStopAndRemoveTakeARunningContainerAndIgnoreAMissingOne() {
    String name = runApi();
    runtime().remove(name, true);
    assertThat(fixture().containers()).isEmpty();

    String again = runApi();
    runtime().stopAndRemove(again, STOP);
    assertThat(fixture().containers()).isEmpty();

    runtime().remove(fixture().name("missing"), true);
    runtime().stopAndRemove(fixture().name("missing"), STOP);
  }

  @Test
  void stopAndRemoveAllTakesManyInOneCallIgnoringAMissingOne() {
    String service = fixture().service("svc");
    List<String> names = new java.util.ArrayList<>();
    for (String component : List.of("a", "b", "c")) {
      run(service, component(component, fixture().image()).build());
      names.add(service + "-" + component);
    }
    runtime().stop(names.get(2), STOP);
    String missing = fixture().name("missing");

    List<String> asked = List.of(names.get(0), missing, names.get(1), names.get(2));
    assertThat(runtime().stopAndRemoveAll(asked, STOP)).isEqualTo(asked);
    assertThat(fixture().containers()).isEmpty();
  }

  @Test
  void aNameStopAndRemoveAllCannotRemoveIsLeftOutAndTheOthersGoAllTheSame() {
    String service = fixture().service("svc");
    String a = service + "-a";
    String b = service + "-b";
    String c = service + "-c";
    for (String component : List.of("a", "b", "c")) {
      run(service, component(component, fixture().image()).build());
    }
    String dependent = fixture().name("dependent");
    runDependent(b, dependent);
    String bId = seen(b).id();
    String dependentId = seen(dependent).id();

    // podman exits 125 and prints only the names it removed; a missing one is not among them.
    List<String> removed =
        runtime().stopAndRemoveAll(List.of(a, b, fixture().name("missing"), c), STOP);

    assertThat(removed).containsExactly(a, c);
    assertThat(fixture().containers())
        .extracting(ObservedContainer::name)
        .containsExactlyInAnyOrder(b, dependent);
    assertThat(seen(b).running()).isTrue();
    PodmanException alone = failure(() -> runtime().stopAndRemove(b, STOP));
    assertThat(alone.exitCode()).isEqualTo(125);
    assertThat(alone.stderr())
        .contains(
            "container "
                + bId
                + " has dependent containers which must be removed before it: "
                + dependentId
                + ": container already exists");

    runtime().stopAndRemove(dependent, STOP);
    assertThat(runtime().stopAndRemoveAll(List.of(b), STOP)).containsExactly(b);
    assertThat(fixture().containers()).isEmpty();
  }

  @Test
  void aNameInUseIsRefusedWithPodmansMessageAndTheHolderIsUntouched() {
    String service = fixture().service("svc");
    runForeign(service + "-api");
    String holder = seen(service + "-api").id();

    PodmanException e = failure(() -> run(service, component("api", fixture().image()).build()));

    assertThat(e.exitCode()).isEqualTo(125);
    assertThat(e.stderr())
        .contains("the container name \"" + service + "-api\" is already in use by " + holder)
        .contains("that name is already in use");
    assertThat(seen(service + "-api").id()).isEqualTo(holder);
    assertThat(seen(service + "-api").managed()).isFalse();
    assertThat(seen(service + "-api").labels()).isEmpty();
  }

  @Test
  void everyCallOnAMissingContainerSaysNoSuchContainer() {
    String missing = fixture().name("missing");
    String noSuch = "no container with name or ID \"" + missing + "\" " + NO_SUCH;
    List<ThrowingCallable> calls =
        List.of(
            () -> runtime().start(missing),
            () -> runtime().stop(missing, STOP),
            () -> runtime().restart(missing, STOP),
            () -> runtime().logs(missing, 10));
    for (ThrowingCallable call : calls) {
      PodmanException e = failure(call);
      assertThat(e.exitCode()).isEqualTo(125);
      assertThat(e.noSuchContainer()).isTrue();
      assertThat(e.stderr()).contains(noSuch);
    }
    PodmanException rm = failure(() -> runtime().remove(missing, false));
    assertThat(rm.exitCode()).isEqualTo(1);
    assertThat(rm.stderr()).contains(noSuch);

    PodmanException inspect = failure(() -> runtime().inspectHealth(missing));
    assertThat(inspect.exitCode()).isEqualTo(125);
    assertThat(inspect.noSuchContainer()).isTrue();
    assertThatThrownBy(() -> runtime().healthcheckRun(missing))
        .isInstanceOf(PodmanException.class)
        .hasMessageContaining("unable to look up " + missing + " to perform a health check")
        .hasMessageContaining(noSuch);
  }

  @Test
  void aMissingImageFailsRunAndPullWithPodmansReasonNamingIt() {
    String image = "localhost/mcp-test-missing:" + fixture().prefix();
    String service = fixture().service("svc");

    assertThat(runtime().imageExists(image)).isFalse();
    PodmanException run = failure(() -> run(service, component("api", image).build()));
    PodmanException pull = failure(() -> runtime().pull(image));

    for (PodmanException e : List.of(run, pull)) {
      assertThat(e.exitCode()).isEqualTo(125);
      assertThat(e.stderr()).contains("Error: initializing source docker://" + image + ": ");
    }
    assertThat(fixture().containers()).isEmpty();
  }

  @Test
  void healthGoesStartingHealthyAndUnhealthyAfterRetriesFailuresThenHealthyAgain() {
    String service = fixture().service("svc");
    HealthSpec health =
        new HealthSpec(
            List.of("sh", "-c", "if test -f /tmp/sick; then echo db unreachable; exit 1; fi"),
            Duration.ofSeconds(30),
            2,
            Duration.ZERO,
            Duration.ofSeconds(5));
    run(service, component("api", fixture().image()).health(health).build());
    String name = service + "-api";
    assertThat(runtime().inspectHealth(name)).contains("starting");

    assertThat(runtime().healthcheckRun(name)).isEqualTo(HealthResult.HEALTHY);
    assertThat(runtime().inspectHealth(name)).contains("healthy");
    assertThat(seen(name).status()).endsWith("(healthy)");

    breakHealthCheck(name);
    HealthResult first = runtime().healthcheckRun(name);
    assertThat(first.status()).isEqualTo(HealthResult.Status.UNHEALTHY);
    assertThat(first.output().strip()).isEqualTo("db unreachable");
    assertThat(runtime().inspectHealth(name)).contains("healthy"); // one failure of two
    assertThat(runtime().healthcheckRun(name).status()).isEqualTo(HealthResult.Status.UNHEALTHY);
    assertThat(runtime().inspectHealth(name)).contains("unhealthy");

    mendHealthCheck(name);
    assertThat(runtime().healthcheckRun(name)).isEqualTo(HealthResult.HEALTHY);
    assertThat(runtime().inspectHealth(name)).contains("healthy");
  }

  @Test
  void aContainerWithoutHealthcheckSaysSoAndAStoppedOneCannotBeChecked() {
    String name = runApi();
    assertThat(runtime().healthcheckRun(name)).isEqualTo(HealthResult.NO_HEALTHCHECK);
    assertThat(runtime().inspectHealth(name)).isEmpty();

    String service = fixture().service("checked");
    run(service, component("api", fixture().image()).health("true").build());
    runtime().stop(service + "-api", STOP);
    PodmanException e = failure(() -> runtime().healthcheckRun(service + "-api"));
    assertThat(e.exitCode()).isEqualTo(125);
    assertThat(e.stderr()).contains("is not running");
  }

  @Test
  void secretsAreCreatedFromTheirValueListedUsedByRunAndRemoved() {
    String service = fixture().service("svc");
    String secret = PodmanSecretName.of(service, "tls_key", "0123abcd");
    runtime()
        .createSecret(secret, "contract-value".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(runtime().secretNames()).contains(secret);
    run(
        service,
        component("api", fixture().image())
            .secretFile("tls_key", "0123abcd")
            .envSecret("PW", "tls_key", "0123abcd")
            .build());
    assertThat(seen(service + "-api").state()).isEqualTo(ContainerState.RUNNING);

    PodmanException twice = failure(() -> runtime().createSecret(secret, new byte[] {1}));
    assertThat(twice.exitCode()).isEqualTo(125);
    assertThat(twice.stderr()).contains(secret).contains("secret name in use");

    runtime().remove(service + "-api", true);
    runtime().removeSecret(secret);
    assertThat(runtime().secretNames()).doesNotContain(secret);
    PodmanException gone = failure(() -> runtime().removeSecret(secret));
    assertThat(gone.exitCode()).isEqualTo(125);
    assertThat(gone.stderr()).contains("no such secret");
  }

  @Test
  void runWithASecretThatIsNotThereFailsWithPodmansMessage() {
    String service = fixture().service("svc");
    String secret = PodmanSecretName.of(service, "absent", "feedbeef");

    PodmanException e =
        failure(
            () ->
                run(
                    service,
                    component("api", fixture().image()).secretFile("absent", "feedbeef").build()));

    assertThat(e.exitCode()).isEqualTo(125);
    assertThat(e.stderr()).contains(secret).contains("no such secret");
  }

  @Test
  void eventsNameTheContainerAndSayWhatHappenedToIt() throws InterruptedException {
    Instant since = now();
    List<RuntimeEvent> seen = new CopyOnWriteArrayList<>();
    try (EventStream stream = runtime().events(since, fixture().prefix(), seen::add)) {
      String name = runApi();
      String id = seen(name).id();
      kill(name);
      runtime().remove(name, false);

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(actionsOf(seen, name))
                      .containsSubsequence("create", "start", "kill", "died", "remove"));
      RuntimeEvent died =
          seen.stream()
              .filter(e -> e.name().equals(name) && e.action().equals("died"))
              .findFirst()
              .orElseThrow();
      assertThat(died.id()).isEqualTo(id);
      assertThat(died.exitCode()).hasValue(137);
      assertThat(died.oomKilled()).isFalse();
      assertThat(died.ended()).isTrue();
      assertThat(died.time()).isAfterOrEqualTo(since.minusSeconds(1));

      // A stream started later with the same since replays what happened in between.
      List<RuntimeEvent> replayed = new CopyOnWriteArrayList<>();
      try (EventStream again = runtime().events(since, fixture().prefix(), replayed::add)) {
        await()
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(
                () ->
                    assertThat(actionsOf(replayed, name))
                        .containsSubsequence("create", "died", "remove"));
      }
    }
  }

  @Test
  void aStoppedContainerDiesAndAClosedStreamEnds() throws InterruptedException {
    List<RuntimeEvent> seen = new CopyOnWriteArrayList<>();
    EventStream stream = runtime().events(now(), fixture().prefix(), seen::add);
    String name = runApi();
    runtime().stop(name, STOP);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(() -> assertThat(actionsOf(seen, name)).contains("died"));
    stream.close();
    assertThat(stream.awaitEnd()).isEqualTo("closed");
  }

  private static List<String> actionsOf(List<RuntimeEvent> events, String name) {
    return events.stream().filter(e -> e.name().equals(name)).map(RuntimeEvent::action).toList();
  }
}
