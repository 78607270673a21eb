package net.metacircular.mcp.agent.reconcile;

import static net.metacircular.mcp.agent.reconcile.AgentHarness.component;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.metacircular.mcp.agent.apply.Outcome;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.runtime.ContainerState;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.runtime.RunRequest;
import net.metacircular.mcp.agent.testing.ComponentBuilder;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.ConditionKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler end to end on real podman, SQLite and service files, for what only podman can
 * show: containers changed by hand (stopped, replaced, foreign), health checks that podman runs,
 * and adoption after an agent restart or a lost registry. The planning-through-executor logic runs
 * on the in-memory runtime in {@link ReconcilerTest}.
 */
@RequiresPodman
class ReconcilerPodmanTest {
  private TestPodman t;
  private AgentHarness agent;
  private String svc;

  @BeforeEach
  void setUp(TestPodman podman, @TempDir Path root) throws Exception {
    t = podman;
    agent = new AgentHarness(podman, root, PlanOptions.DEFAULTS);
    svc = t.service("app");
  }

  @AfterEach
  void tearDown() {
    agent.close();
  }

  private void writeApp(String apiImage, String webImage, String... top) throws Exception {
    agent.write(
        svc,
        agent.service(svc, String.join("\n", top) + "\n")
            + component("api", apiImage)
            + component("web", webImage, "depends_on = [\"api\"]"));
  }

  @Test
  void aKilledContainerIsHealedWithADriftEvent() throws Exception {
    agent.write(svc, agent.service(svc, component("api", agent.t.image(), "restart = \"no\"")));
    agent.reconcile();
    t.podman().stop(svc + "-api", java.time.Duration.ofSeconds(1));
    assertThat(agent.container(svc + "-api").state()).isEqualTo(ContainerState.EXITED);

    agent.reconcile();

    assertThat(agent.container(svc + "-api").running()).isTrue();
    assertThat(agent.events())
        .contains(
            "drift: " + svc + "-api: container exited",
            "healed: started " + svc + "-api (was: container exited)");
  }

  @Test
  void foreignContainersAreUntouchedAndOneOnAManagedNameIsAConflict() throws Exception {
    String bystander = agent.t.name("bystander");
    t.podman()
        .run(
            new RunRequest(
                ComponentBuilder.component("x", agent.t.image()).build(),
                agent.t.prefix(),
                "h",
                "c"));
    // A plain container, no labels at all, on the name the agent would give web.
    startForeign(svc + "-web");
    startForeign(bystander);
    writeApp(agent.t.image(), agent.t.image());

    CycleResult first = agent.reconcile();
    String foreignId = agent.container(svc + "-web").id();

    assertThat(agent.container(svc + "-web").managed()).isFalse();
    assertThat(agent.container(bystander).running()).isTrue();
    assertThat(first.outcomes())
        .extracting(Outcome::message)
        .anyMatch(
            m ->
                m.startsWith(
                    svc
                        + "-web: a container named "
                        + svc
                        + "-web exists that MCP did not create"));
    // Not a loop of redeploys: the next cycles do nothing and write nothing.
    List<String> events = agent.events();
    assertThat(agent.reconcile().outcomes()).isEmpty();
    assertThat(agent.events()).isEqualTo(events);
    assertThat(agent.container(svc + "-web").id()).isEqualTo(foreignId);
  }

  private void startForeign(String name) {
    new ProcessRunner(t).run("run", "-d", "--name", name, agent.t.image());
  }

  @Test
  void restartingTheAgentOrDeletingItsDatabaseRestartsNothing() throws Exception {
    writeApp(agent.t.image(), agent.t.image());
    agent.reconcile();
    ObservedContainer api = agent.container(svc + "-api");
    ObservedContainer web = agent.container(svc + "-web");

    agent.stop();
    agent.start();
    assertThat(agent.reconcile().outcomes()).isEmpty();

    agent.stop();
    Files.delete(agent.dataDir.resolve("mcp.db"));
    Files.deleteIfExists(agent.dataDir.resolve("mcp.db-wal"));
    Files.deleteIfExists(agent.dataDir.resolve("mcp.db-shm"));
    agent.start();
    CycleResult adopted = agent.reconcile();

    assertThat(adopted.outcomes())
        .extracting(Outcome::message)
        .allMatch(m -> m.startsWith("adopted "));
    assertThat(adopted.outcomes()).hasSize(2);
    assertThat(agent.container(svc + "-api").id()).isEqualTo(api.id());
    assertThat(agent.container(svc + "-api").startedAt()).isEqualTo(api.startedAt());
    assertThat(agent.container(svc + "-web").startedAt()).isEqualTo(web.startedAt());
    assertThat(agent.reconcile().outcomes()).isEmpty();
  }

  @Test
  void healthIsObservedEachCycleAndAChangeIsAnEvent() throws Exception {
    agent.write(
        svc,
        agent.service(
            svc,
            component(
                "api",
                agent.t.image(),
                "[components.health]",
                "cmd = [\"sh\", \"-c\", \"test ! -f /tmp/sick\"]",
                "interval = \"1s\"",
                "retries = 1")));
    agent.reconcile();
    agent.reconcile();
    assertThat(agent.registry().component(svc, "api").orElseThrow().health()).contains("healthy");
    assertThat(agent.registry().component(svc, "api").orElseThrow().state())
        .contains(ContainerState.RUNNING);

    new ProcessRunner(t).run("exec", svc + "-api", "touch", "/tmp/sick");
    agent.reconcile();
    assertThat(agent.registry().component(svc, "api").orElseThrow().health()).contains("unhealthy");
    assertThat(agent.events())
        .contains("drift: " + svc + "-api is unhealthy: its health check keeps failing");
    // The next cycle plans with podman's health status (ps says "(unhealthy)").
    agent.reconcile();
    Condition unhealthy = agent.registry().condition(svc, "api").orElseThrow().condition();
    assertThat(unhealthy.kind()).isEqualTo(ConditionKind.UNHEALTHY);
    assertThat(unhealthy.detail())
        .isEqualTo(
            svc
                + "-api is unhealthy: its health check (sh -c test ! -f /tmp/sick) fails;"
                + " it is ok again once the check passes");

    new ProcessRunner(t).run("exec", svc + "-api", "rm", "/tmp/sick");
    agent.reconcile();
    assertThat(agent.events()).contains("healed: " + svc + "-api is healthy again");
    agent.reconcile();
    assertThat(agent.registry().condition(svc, "api").orElseThrow().kind())
        .isEqualTo(ConditionKind.OK);
  }

  @Test
  void aForeignContainerTakingAManagedNameDoesNotShowTheGoneContainersHealth() throws Exception {
    agent.write(
        svc,
        agent.service(
            svc,
            component(
                "api", agent.t.image(), "[components.health]", "cmd = [\"true\"]", "retries = 1")));
    agent.reconcile();
    agent.reconcile();
    assertThat(agent.registry().component(svc, "api").orElseThrow().health()).contains("healthy");

    ProcessRunner podman = new ProcessRunner(t);
    podman.run("rm", "-f", svc + "-api");
    podman.run("run", "-d", "--name", svc + "-api", agent.t.image());
    agent.reconcile();

    assertThat(agent.registry().component(svc, "api").orElseThrow().health()).isEmpty();
    assertThat(agent.container(svc + "-api").managed()).isFalse();
  }

  @Test
  void aContainerRecreatedByHandWithoutLabelsIsAConflictNotARedeployLoop() throws Exception {
    writeApp(agent.t.image(), agent.t.image());
    agent.reconcile();
    ProcessRunner podman = new ProcessRunner(t);
    podman.run("rm", "-f", svc + "-web");
    podman.run("run", "-d", "--name", svc + "-web", agent.t.image());
    String byHand = agent.container(svc + "-web").id();

    CycleResult first = agent.reconcile();
    CycleResult second = agent.reconcile();

    assertThat(first.outcomes())
        .extracting(Outcome::message)
        .containsExactly(
            svc
                + "-web: a container named "
                + svc
                + "-web exists that MCP did not"
                + " create; it is left alone. Remove or rename it (podman rm "
                + svc
                + "-web) to let"
                + " MCP create its own");
    assertThat(second.outcomes()).isEmpty();
    assertThat(agent.container(svc + "-web").id()).isEqualTo(byHand);
    assertThat(agent.events()).filteredOn(e -> e.startsWith("conflict:")).hasSize(1);

    // Once the operator removes it, the agent creates its own again.
    podman.run("rm", "-f", svc + "-web");
    agent.reconcile();
    assertThat(agent.container(svc + "-web").managed()).isTrue();
  }
}
