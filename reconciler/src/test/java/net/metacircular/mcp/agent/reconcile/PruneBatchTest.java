package net.metacircular.mcp.agent.reconcile;

import static net.metacircular.mcp.agent.reconcile.AgentHarness.component;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.metacircular.mcp.agent.apply.Outcome;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The prunes of many services remove their containers in one runtime call per batch (one {@code
 * podman rm} of many names), each service still with its own outcome, event and registry rows; a
 * name the batch could not remove is removed by itself, so that its failure is its own, in podman's
 * words, and retried as before. The runtime's side of it (what podman does with a failing name
 * among many) is in the contract suite.
 */
class PruneBatchTest {
  @RegisterExtension final InMemoryHarness fixture = new InMemoryHarness();
  private final InMemoryRuntime runtime = fixture.runtime();
  private final AgentHarness agent = fixture.agent();

  /** Deploys one single-component service per name and returns their containers. */
  private List<String> deploy(String... names) throws Exception {
    for (String name : names) {
      String svc = runtime.service(name);
      agent.write(svc, agent.service(svc, component("app", runtime.image())));
    }
    agent.reconcile();
    return List.of(names).stream().map(n -> runtime.service(n) + "-app").toList();
  }

  private void deleteAll(String... names) throws Exception {
    for (String name : names) {
      agent.delete(runtime.service(name));
    }
  }

  private List<String> removals() {
    return runtime.calls().stream().filter(c -> c.startsWith("rm ")).toList();
  }

  @Test
  void theContainersOfManyPrunedServicesGoInOneCallEachServiceWithItsOwnEventAndRows()
      throws Exception {
    List<String> containers = deploy("a", "b", "c");
    runtime.runOutside(runtime.name("foreign"), Map.of());
    deleteAll("a", "b", "c");
    runtime.clearCalls();

    CycleResult result = agent.reconcile();

    assertThat(removals()).containsExactly("rm " + String.join(" ", containers));
    assertThat(result.outcomes())
        .extracting(o -> o.action().containerName(), Outcome::result)
        .containsExactlyInAnyOrderElementsOf(
            containers.stream()
                .map(c -> org.assertj.core.groups.Tuple.tuple(c, Outcome.Result.DONE))
                .toList());
    for (String c : containers) {
      assertThat(agent.exists(c)).isFalse();
      assertThat(agent.events())
          .filteredOn(e -> e.startsWith("pruned: pruned " + c + ": "))
          .hasSize(1);
    }
    for (String name : List.of("a", "b", "c")) {
      assertThat(agent.registry().service(runtime.service(name))).isEmpty();
    }
    assertThat(agent.exists(runtime.name("foreign"))).isTrue();
  }

  @Test
  void aServicesPrunesKeepTheirOrderInWavesAcrossServices() throws Exception {
    String one = runtime.service("one");
    String two = runtime.service("two");
    for (String svc : List.of(one, two)) {
      agent.write(
          svc,
          agent.service(
              svc,
              component("api", runtime.image())
                  + component("web", runtime.image(), "depends_on = [\"api\"]")));
    }
    agent.reconcile();
    agent.delete(one);
    agent.delete(two);
    runtime.clearCalls();

    agent.reconcile();

    // Dependents first, as a service's prunes always went: web before api, in each service.
    assertThat(removals())
        .containsExactly(
            "rm " + one + "-web " + two + "-web", "rm " + one + "-api " + two + "-api");
    assertThat(runtime.containers()).isEmpty();
  }

  @Test
  void aNameTheBatchCannotRemoveFailsByItselfInPodmansWordsTheOthersArePrunedAndItIsRetried()
      throws Exception {
    List<String> containers = deploy("a", "b", "c");
    String held = containers.get(1);
    String dependent = runtime.name("dependent");
    runtime.runDependent(held, dependent);
    String heldId = agent.container(held).id();
    deleteAll("a", "b", "c");
    runtime.clearCalls();

    CycleResult result = agent.reconcile();

    assertThat(removals()).containsExactly("rm " + String.join(" ", containers), "rm " + held);
    assertThat(agent.exists(containers.get(0))).isFalse();
    assertThat(agent.exists(containers.get(2))).isFalse();
    assertThat(agent.exists(held)).isTrue();
    assertThat(result.outcomes())
        .filteredOn(o -> o.action().containerName().equals(held))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.result()).isEqualTo(Outcome.Result.FAILED);
              assertThat(o.message())
                  .startsWith("failed to prune " + held + ": ")
                  .contains("has dependent containers which must be removed before it");
            });
    assertThat(agent.events())
        .filteredOn(e -> e.startsWith("failed: failed to prune " + held + ": "))
        .singleElement()
        .asString()
        .contains("container " + heldId + " has dependent containers");
    assertThat(agent.events()).filteredOn(e -> e.startsWith("pruned: ")).hasSize(2);
    assertThat(
            agent
                .registry()
                .condition(runtime.service("b"), "app")
                .orElseThrow()
                .condition()
                .failedAction())
        .contains("prune");

    // Not before its retry; then, the dependent gone, it is pruned by itself.
    runtime.clearCalls();
    agent.reconcile();
    assertThat(removals()).isEmpty();
    runtime.stopAndRemove(dependent, Duration.ofSeconds(2));
    runtime.clock().advance(Duration.ofMinutes(1));
    runtime.clearCalls();
    agent.reconcile();
    assertThat(removals()).containsExactly("rm " + held);
    assertThat(agent.exists(held)).isFalse();
    assertThat(agent.registry().service(runtime.service("b"))).isEmpty();
  }

  @Test
  void aBatchThatFailsAsAWholeFallsBackToOneRemovalEach() throws Exception {
    List<String> containers = deploy("a", "b");
    deleteAll("a", "b");
    runtime.timeOut("rm", 2); // the batch's try and the guard's retry
    runtime.clearCalls();

    CycleResult result = agent.reconcile();

    assertThat(removals()).startsWith("rm " + String.join(" ", containers));
    assertThat(removals())
        .filteredOn(c -> !c.contains(" " + containers.get(1)))
        .containsExactly("rm " + containers.get(0));
    assertThat(removals())
        .filteredOn(c -> !c.contains(" " + containers.get(0)))
        .containsExactly("rm " + containers.get(1));
    assertThat(result.failed()).isFalse();
    assertThat(runtime.containers()).isEmpty();
    assertThat(agent.events()).filteredOn(e -> e.startsWith("pruned: ")).hasSize(2);
  }
}
