package net.metacircular.mcp.agent.reconcile;

import static net.metacircular.mcp.agent.reconcile.AgentHarness.component;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import net.metacircular.mcp.agent.apply.Outcome;
import net.metacircular.mcp.agent.plan.DeployRequest;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.schema.status.Failure;
import net.metacircular.mcp.schema.status.FailureClass;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The failure policy through the whole reconciler, on the in-memory runtime and its clock: a
 * failing component waits for its retry, says so once, reminds hourly, and an operator's deploy
 * tries it at once. The same on real podman, with the podman calls counted: {@link
 * FailureBackoffPodmanTest}.
 */
class FailureRetryTest {
  @RegisterExtension final InMemoryHarness fixture = new InMemoryHarness();
  private final InMemoryRuntime runtime = fixture.runtime();
  private final AgentHarness agent = fixture.agent();
  private final String svc = runtime.service("app");
  private final String missing = "localhost/mcp-test-missing:" + runtime.prefix();

  @BeforeEach
  void writeService() throws Exception {
    agent.write(
        svc,
        agent.service(svc, "")
            + component("api", missing)
            + component("web", runtime.image(), "depends_on = [\"api\"]"));
  }

  private Failure failure() {
    return agent
        .registry()
        .condition(svc, "api")
        .flatMap(c -> c.condition().failure())
        .orElseThrow();
  }

  private long failedEvents() {
    return agent.events().stream()
        .filter(e -> e.startsWith("failed: failed to create " + svc + "-api"))
        .count();
  }

  @Test
  void aFailedComponentAndItsDependentsWaitForTheRetryWithoutANewEvent() throws Exception {
    assertThat(agent.reconcile().failed()).isTrue();
    long events = agent.events().size();
    assertThat(failure().attempts()).isEqualTo(1);
    assertThat(failure().failureClass()).isEqualTo(FailureClass.TRANSIENT);

    CycleResult waiting = agent.reconcile();

    assertThat(waiting.failed()).isTrue();
    assertThat(waiting.outcomes())
        .extracting(Outcome::result)
        .containsOnly(Outcome.Result.WAITING)
        .hasSize(2);
    assertThat(waiting.outcomes().get(0).message())
        .startsWith(svc + "-api failed once (transient); next try ")
        .contains("or now with mcp deploy " + svc + "/api");
    assertThat(agent.events()).hasSize((int) events);
    assertThat(failure().attempts()).isEqualTo(1);

    runtime.clock().advance(Duration.ofSeconds(10));
    agent.reconcile();
    assertThat(failure().attempts()).isEqualTo(2);
    assertThat(agent.events()).hasSize((int) events);
  }

  @Test
  void aRestartedAgentKeepsTheBackoffOfASpecThatDidNotChange() throws Exception {
    agent.reconcile();
    long events = failedEvents();
    Failure first = failure();
    assertThat(first.specHash()).isPresent();

    // A new process on the same data_dir, and a commit that changes another service only.
    agent.stop();
    agent.start();
    String other = runtime.service("other");
    agent.write(other, agent.service(other, "") + component("app", runtime.image()));
    CycleResult afterRestart = agent.reconcile();

    assertThat(afterRestart.outcomes())
        .filteredOn(o -> o.action().containerName().equals(svc + "-api"))
        .extracting(Outcome::result)
        .containsExactly(Outcome.Result.WAITING);
    assertThat(failure()).isEqualTo(first);
    assertThat(failedEvents()).isEqualTo(events);

    // A change to its own spec is still a new try, at once.
    agent.write(
        svc,
        agent.service(svc, "")
            + component("api", missing, "env = { MODE = \"fixed\" }")
            + component("web", runtime.image(), "depends_on = [\"api\"]"));
    agent.reconcile();
    assertThat(failure().specHash()).isPresent().isNotEqualTo(first.specHash());
    assertThat(failure().attempts()).isEqualTo(1);
    assertThat(failedEvents()).isEqualTo(events + 1);
  }

  @Test
  void aPruneThatKeepsFailingWaitsForItsRetryInsteadOfCallingPodmanEachCycle() throws Exception {
    String gone = runtime.service("gone");
    String container = gone + "-app";
    agent.write(gone, agent.service(gone, "") + component("app", runtime.image()));
    agent.reconcile();
    agent.delete(gone);
    runtime.fail("rm " + container, 1000, 125, "Error: removing container: device busy");

    agent.reconcile();
    long tries = runtime.calls().stream().filter(c -> c.equals("rm " + container)).count();
    long events = agent.events().size();
    CycleResult waiting = null;
    for (int i = 0; i < 5; i++) {
      waiting = agent.reconcile();
    }

    // The file is gone: a deploy does not reach the service; removing it by hand does the prune.
    assertThat(waiting.outcomes())
        .filteredOn(o -> o.action().containerName().equals(container))
        .singleElement()
        .satisfies(
            o ->
                assertThat(o.message())
                    .startsWith(container + " failed once (transient); next try ")
                    .contains("or now by hand on the node, podman rm -f " + container + " (")
                    .doesNotContain("with mcp deploy")
                    .contains("device busy"));
    assertThat(tries).isPositive();
    assertThat(runtime.calls()).filteredOn(c -> c.equals("rm " + container)).hasSize((int) tries);
    assertThat(agent.events()).hasSize((int) events);
    assertThat(agent.registry().condition(gone, "app").orElseThrow().condition().failedAction())
        .contains("prune");

    runtime.clock().advance(Duration.ofSeconds(10));
    agent.reconcile();
    assertThat(runtime.calls())
        .filteredOn(c -> c.equals("rm " + container))
        .hasSizeGreaterThan((int) tries);
  }

  @Test
  void aFailureThatGoesOnIsMentionedAgainOnceAnHour() throws Exception {
    // Two hours and a bit of cycles, a minute apart.
    for (int minute = 0; minute < 130; minute++) {
      agent.reconcile();
      runtime.clock().advance(Duration.ofMinutes(1));
    }

    assertThat(agent.events())
        .filteredOn(e -> e.startsWith("failed: "))
        .hasSize(4) // the failure, its dependent skipped (once), two reminders
        .filteredOn(e -> e.contains("still failing"))
        .satisfies(
            e -> assertThat(e.get(0)).contains("still failing after 1h ("),
            e -> assertThat(e.get(1)).contains("still failing after 2h ("));
    // 10 s, 20 s, … capped at 10 min: a dozen tries in 130 minutes, not 130.
    assertThat(failure().attempts()).isBetween(12, 20);
  }

  @Test
  void anOperatorsDeployTriesAtOnceAndTheFixSaysItRecovered() throws Exception {
    agent.reconcile();
    agent.reconcile();
    long before = failedEvents();

    agent.deploy(new DeployRequest(svc, Optional.of("api"), false));
    assertThat(failure().attempts()).isEqualTo(1); // a fresh backoff, said once more
    assertThat(failedEvents()).isEqualTo(before + 1);

    runtime.addImage(missing);
    CycleResult fixed = agent.deploy(new DeployRequest(svc, Optional.empty(), false));

    assertThat(fixed.failed()).isFalse();
    assertThat(agent.container(svc + "-api").running()).isTrue();
    assertThat(agent.container(svc + "-web").running()).isTrue();
    assertThat(agent.events())
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("created: created " + svc + "-api")
                    .contains("(recovered after 1 attempt failed since "));
  }

  @Test
  void aPermanentFailureWaitsTheCapAndSaysItNeedsAPerson() throws Exception {
    runtime.addImage(missing);
    runtime.fail("run", 1, 125, "Error: invalid reference format");

    agent.reconcile();

    Failure f = failure();
    assertThat(f.failureClass()).isEqualTo(FailureClass.PERMANENT);
    assertThat(Duration.between(f.lastTry(), f.nextRetry().orElseThrow()))
        .isBetween(Duration.ofMinutes(8), Duration.ofMinutes(10));
    runtime.clock().advance(Duration.ofMinutes(5));
    assertThat(agent.reconcile().outcomes().get(0).message())
        .contains("failed once (permanent, needs a person)");
  }
}
