package net.metacircular.mcp.agent.reconcile;

import static net.metacircular.mcp.agent.reconcile.AgentHarness.component;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import net.metacircular.mcp.agent.apply.Outcome;
import net.metacircular.mcp.agent.plan.DeployRequest;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes of desired state that are not drift, on real podman: {@code active} switched back on with
 * self-heal off, and a manual service after a lost registry (a manual service across cycles is
 * logic: {@link ReconcilerTest}).
 */
@RequiresPodman
class DesiredStateChangesPodmanTest {
  private static final PlanOptions NO_SELF_HEAL = new PlanOptions(false, true, Set.of());

  private AgentHarness agent;

  @AfterEach
  void tearDown() {
    if (agent != null) {
      agent.close();
    }
  }

  private void write(String svc, String top, String image) throws Exception {
    agent.write(
        svc,
        agent.service(svc, top + "\n")
            + component("api", image)
            + component("web", image, "depends_on = [\"api\"]"));
  }

  @Test
  void activatingAServiceStartsItWithSelfHealOffAndSaysSo(TestPodman t, @TempDir Path root)
      throws Exception {
    agent = new AgentHarness(t, root, NO_SELF_HEAL);
    String svc = t.service("act");
    write(svc, "", t.image());
    agent.reconcile();
    String apiId = agent.container(svc + "-api").id();

    write(svc, "active = false", t.image());
    agent.reconcile();
    assertThat(agent.container(svc + "-api").running()).isFalse();
    assertThat(agent.reconcile().outcomes()).isEmpty();
    // The agent restarting while the service is inactive forgets nothing.
    agent.stop();
    agent.start();

    write(svc, "active = true", t.image());
    CycleResult start = agent.reconcile();

    assertThat(start.outcomes())
        .extracting(Outcome::message)
        .containsExactly(
            "started " + svc + "-api: service activated (active = true)",
            "started " + svc + "-web: service activated (active = true)");
    assertThat(agent.container(svc + "-api").running()).isTrue();
    assertThat(agent.container(svc + "-api").id()).isEqualTo(apiId);
    assertThat(agent.container(svc + "-web").running()).isTrue();
    assertThat(agent.events()).noneMatch(e -> e.startsWith("drift:"));
    // Each says which commit made it: the one that set active.
    assertThat(
            agent.registry().events(EventQuery.recent(10)).stream()
                .filter(e -> e.kind() == EventKind.STARTED))
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.commit()).contains(start.revision()));
    assertThat(agent.reconcile().outcomes()).isEmpty();

    // Stopped by hand while active, it is drift again: self-heal off only reports it.
    new ProcessRunner(t).run("stop", "-t", "1", svc + "-web");
    CycleResult drift = agent.reconcile();
    assertThat(drift.outcomes())
        .extracting(Outcome::message)
        .singleElement()
        .satisfies(m -> assertThat(m).contains("self_heal is off"));
    assertThat(agent.container(svc + "-web").running()).isFalse();
  }

  @Test
  void aManualServiceFoundRunningItsFileAfterTheRegistryIsLostIsAdoptedAndInSync(
      TestPodman t, @TempDir Path root) throws Exception {
    agent = new AgentHarness(t, root, PlanOptions.DEFAULTS);
    String svc = t.service("led");
    write(svc, "deploy = \"manual\"", t.image());
    agent.deploy(new DeployRequest(svc, Optional.empty(), false));
    ObservedContainer web = agent.container(svc + "-web");

    agent.stop();
    Files.delete(agent.dataDir.resolve("mcp.db"));
    Files.deleteIfExists(agent.dataDir.resolve("mcp.db-wal"));
    Files.deleteIfExists(agent.dataDir.resolve("mcp.db-shm"));
    agent.start();

    assertThat(agent.reconcile().outcomes())
        .extracting(Outcome::message)
        .hasSize(2)
        .allMatch(m -> m.startsWith("adopted "));
    assertThat(agent.reconcile().outcomes()).isEmpty();
    assertThat(agent.registry().component(svc, "web").orElseThrow().specJson()).isPresent();
    assertThat(agent.events()).noneMatch(e -> e.startsWith("out-of-sync:"));
    assertThat(agent.container(svc + "-web").startedAt()).isEqualTo(web.startedAt());

    // A later change names the field, since the adopted spec was recorded.
    write(svc, "deploy = \"manual\"", t.image("v2"));
    agent.reconcile();
    assertThat(agent.events())
        .filteredOn(e -> e.startsWith("out-of-sync: " + svc + "-web"))
        .singleElement()
        .satisfies(e -> assertThat(e).contains("image " + t.image() + " → " + t.image("v2")));
    agent.deploy(new DeployRequest(svc, Optional.empty(), false));
    assertThat(agent.container(svc + "-web").image()).isEqualTo(t.image("v2"));
    assertThat(agent.reconcile().outcomes()).isEmpty();
  }
}
