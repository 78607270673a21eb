package net.metacircular.mcp.agent.suspend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.registry.Event;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.agent.registry.Suspension;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A suspended service on the agent as its config builds it, on the in-memory runtime and its clock:
 * left alone (a killed container is not healed, a removed file does not prune), resumed by hand or
 * at its expiry, and still suspended after an agent restart.
 */
class SuspendAgentTest {
  @TempDir Path root;
  private final InMemoryRuntime runtime = new InMemoryRuntime();
  private Path services;
  private String svc;
  private TestAgentSetup setup;

  @BeforeEach
  void deployed() throws Exception {
    services = Files.createDirectories(root.resolve("services"));
    svc = runtime.service("held");
    Files.writeString(
        services.resolve(svc + ".toml"),
        "name = \""
            + svc
            + "\"\nnode = \""
            + runtime.prefix()
            + "\"\n\n[[components]]\nname = \"api\"\nimage = \""
            + runtime.image()
            + "\"\n");
    setup = TestAgentSetup.forFolder(root, runtime.prefix(), services);
  }

  @Test
  void aKilledContainerIsNotHealedWhileSuspendedAndIsAtItsExpiry() throws Exception {
    try (Agent agent = setup.agent(runtime)) {
      sync(agent);
      assertThat(running()).isTrue();
      Suspensions suspensions = new Suspensions(agent.registry(), runtime.clock());
      Instant until = runtime.clock().instant().plus(Duration.ofHours(2));
      suspensions.suspend(svc, "investigating a leak", "alice", Optional.of(until));

      runtime.kill(svc + "-api");
      sync(agent);
      runtime.clock().advance(Duration.ofMinutes(119));
      sync(agent);
      assertThat(running()).as("not healed while suspended").isFalse();
      assertThat(kinds(agent)).contains(EventKind.SUSPENDED).doesNotContain(EventKind.RESUMED);

      runtime.clock().advance(Duration.ofMinutes(1));
      sync(agent);
      assertThat(running()).as("healed once the suspension ran out").isTrue();
      assertThat(agent.registry().suspensions()).isEmpty();
      assertThat(messages(agent, EventKind.RESUMED))
          .containsExactly("resumed " + svc + ": its suspension ran out at " + until);
    }
  }

  @Test
  void aSuspensionOutlivesAnAgentRestartAndEndsOnResume() throws Exception {
    try (Agent agent = setup.agent(runtime)) {
      sync(agent);
      new Suspensions(agent.registry(), runtime.clock())
          .suspend(svc, "disk swap", "alice", Optional.empty());
    }
    runtime.kill(svc + "-api");
    try (Agent agent = setup.agent(runtime)) {
      sync(agent);
      assertThat(running()).as("still suspended after the restart").isFalse();
      assertThat(agent.registry().suspensions())
          .singleElement()
          .satisfies(s -> assertThat(s.who()).isEqualTo("alice"));

      assertThat(new Suspensions(agent.registry(), runtime.clock()).resume(svc, "bob")).isTrue();
      sync(agent);
      assertThat(running()).isTrue();
      assertThat(messages(agent, EventKind.RESUMED)).containsExactly("resumed " + svc + " by bob");
    }
  }

  @Test
  void aServiceRemovedFromGitWhileSuspendedIsPrunedOnlyOnceResumed() throws Exception {
    try (Agent agent = setup.agent(runtime)) {
      sync(agent);
      Suspensions suspensions = new Suspensions(agent.registry(), runtime.clock());
      suspensions.suspend(Suspension.NODE, "maintenance", "alice", Optional.empty());
      Files.delete(services.resolve(svc + ".toml"));
      sync(agent);
      assertThat(runtime.containers()).as("not pruned while the node is suspended").hasSize(1);
      assertThat(agent.registry().service(svc)).isPresent();

      suspensions.resume(Suspension.NODE, "alice");
      sync(agent);
      assertThat(runtime.containers()).isEmpty();
    }
  }

  private static void sync(Agent agent) throws Exception {
    agent.loop().sync().get(60, TimeUnit.SECONDS);
  }

  private boolean running() {
    return runtime.containers().stream()
        .filter(c -> c.name().equals(svc + "-api"))
        .anyMatch(ObservedContainer::running);
  }

  private List<EventKind> kinds(Agent agent) {
    return events(agent).stream().map(Event::kind).toList();
  }

  private List<String> messages(Agent agent, EventKind kind) {
    return events(agent).stream().filter(e -> e.kind() == kind).map(Event::message).toList();
  }

  private List<Event> events(Agent agent) {
    return agent.registry().events(EventQuery.recent(100).forService(svc));
  }
}
