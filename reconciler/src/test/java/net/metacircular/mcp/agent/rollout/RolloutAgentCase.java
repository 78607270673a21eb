package net.metacircular.mcp.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.apply.Outcome;
import net.metacircular.mcp.agent.plan.Action;
import net.metacircular.mcp.agent.reconcile.CycleResult;
import net.metacircular.mcp.agent.registry.Event;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.agent.runtime.Labels;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the rollout tests on the agent share: the agent as its config builds it ({@code soak =
 * "30s"}), on the in-memory runtime and its clock, a folder of service files as its source, one
 * service with an {@code api} component, and the looks at it: a sync, the loop's 2 s look, its
 * rollout state, its container's labels and its events.
 */
abstract class RolloutAgentCase {
  @TempDir Path root;
  final InMemoryRuntime runtime = new InMemoryRuntime();
  Path services;

  /** The service, named uniquely per test. */
  String svc;

  /** Its api component's container. */
  String api;

  TestAgentSetup setup;
  private final String name;

  RolloutAgentCase(String name) {
    this.name = name;
  }

  @BeforeEach
  void files() throws Exception {
    services = Files.createDirectories(root.resolve("services"));
    svc = runtime.service(name);
    api = svc + "-api";
    setup = TestAgentSetup.forFolder(root, runtime.prefix(), services).soak("30s");
  }

  /** The service file's head: name, node, then {@code extra} (a {@code [rollout]} table). */
  String head(String extra) {
    return "name = \"" + svc + "\"\nnode = \"" + runtime.prefix() + "\"\n" + extra;
  }

  /** A component of the test image; {@code version} in its environment makes each a new spec. */
  String component(String component, int version) {
    return "\n[[components]]\nname = \""
        + component
        + "\"\nimage = \""
        + runtime.image()
        + "\"\nenv = { VERSION = \""
        + version
        + "\" }\n";
  }

  static CycleResult sync(Agent agent) throws Exception {
    return agent.loop().sync().get(60, TimeUnit.SECONDS);
  }

  /** What the loop's 2 s look does. */
  CycleResult look(Agent agent) throws Exception {
    return agent.loop().reconcileService(svc).get(60, TimeUnit.SECONDS);
  }

  static List<Outcome> deploys(CycleResult r) {
    return r.outcomes().stream()
        .filter(o -> o.action() instanceof Action.Create || o.action() instanceof Action.Recreate)
        .toList();
  }

  RolloutState state(Agent agent) {
    return Rollouts.states(agent.registry()).get(svc);
  }

  /** The api container's spec hash. */
  String hash() {
    return label(Labels.SPEC_HASH);
  }

  /** A label of the api container. */
  String label(String key) {
    return runtime.containers().stream()
        .filter(c -> c.name().equals(api))
        .map(ObservedContainer::labels)
        .map(l -> l.get(key))
        .findFirst()
        .orElseThrow();
  }

  /** The one event of {@code kind} of the service (fails if there are none or several). */
  String one(Agent agent, EventKind kind) {
    List<String> m = messages(agent, kind);
    assertThat(m).as("events of kind %s", kind).hasSize(1);
    return m.get(0);
  }

  List<String> messages(Agent agent, EventKind kind) {
    return events(agent).stream().filter(e -> e.kind() == kind).map(Event::message).toList();
  }

  List<Event> events(Agent agent) {
    return agent.registry().events(EventQuery.recent(200).forService(svc));
  }
}
