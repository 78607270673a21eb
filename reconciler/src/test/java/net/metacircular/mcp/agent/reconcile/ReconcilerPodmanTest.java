package net.metacircular.mcp.agent.reconcile;

import static net.metacircular.mcp.agent.reconcile.AgentHarness.component;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.metacircular.mcp.agent.apply.Outcome;
import net.metacircular.mcp.agent.plan.DeployRequest;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.runtime.ContainerState;
import net.metacircular.mcp.agent.runtime.Labels;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.runtime.RunRequest;
import net.metacircular.mcp.agent.testing.ComponentBuilder;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconciler end to end on real podman, SQLite and service files. */
@RequiresPodman
class ReconcilerPodmanTest {
  private AgentHarness agent;
  private String svc;

  @BeforeEach
  void setUp(TestPodman t, @TempDir Path root) throws Exception {
    agent = new AgentHarness(t, root, PlanOptions.DEFAULTS);
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
  void createsAServiceInDependencyOrderAndASecondCycleIsAnExactNoOp() throws Exception {
    writeApp(agent.t.image(), agent.t.image());
    CycleResult first = agent.reconcile();

    assertThat(first.outcomes())
        .extracting(o -> o.action().containerName())
        .containsExactly(svc + "-api", svc + "-web");
    ObservedContainer api = agent.container(svc + "-api");
    assertThat(api.running()).isTrue();
    assertThat(api.label(Labels.MANAGED)).contains("true");
    assertThat(api.label(Labels.SERVICE)).contains(svc);
    assertThat(api.label(Labels.COMPONENT)).contains("api");
    assertThat(api.label(Labels.COMMIT)).contains(first.revision());
    assertThat(agent.events())
        .containsExactly(
            "created: created " + svc + "-api: new component, image " + agent.t.image(),
            "created: created " + svc + "-web: new component, image " + agent.t.image());

    List<String> before = agent.events();
    ObservedContainer web = agent.container(svc + "-web");
    assertThat(agent.reconcile().outcomes()).isEmpty();
    assertThat(agent.reconcile().outcomes()).isEmpty();
    assertThat(agent.events()).isEqualTo(before);
    assertThat(agent.container(svc + "-web").startedAt()).isEqualTo(web.startedAt());
  }

  @Test
  void changingOneImageTagRecreatesOnlyThatComponent() throws Exception {
    writeApp(agent.t.image(), agent.t.image());
    agent.reconcile();
    ObservedContainer api = agent.container(svc + "-api");
    ObservedContainer web = agent.container(svc + "-web");

    String v2 = agent.t.image("2");
    writeApp(agent.t.image(), v2);
    CycleResult result = agent.reconcile();

    assertThat(result.outcomes()).hasSize(1);
    assertThat(result.outcomes().get(0).message())
        .isEqualTo("recreated " + svc + "-web: image " + agent.t.image() + " → " + v2);
    ObservedContainer apiAfter = agent.container(svc + "-api");
    assertThat(apiAfter.id()).isEqualTo(api.id());
    assertThat(apiAfter.startedAt()).isEqualTo(api.startedAt());
    ObservedContainer webAfter = agent.container(svc + "-web");
    assertThat(webAfter.id()).isNotEqualTo(web.id());
    assertThat(webAfter.image()).isEqualTo(v2);
    assertThat(webAfter.running()).isTrue();
  }

  @Test
  void inactiveStopsAndKeepsThenActiveStartsAgain() throws Exception {
    writeApp(agent.t.image(), agent.t.image());
    agent.reconcile();
    String apiId = agent.container(svc + "-api").id();

    writeApp(agent.t.image(), agent.t.image(), "active = false");
    CycleResult stop = agent.reconcile();
    assertThat(stop.outcomes())
        .extracting(Outcome::message)
        .containsExactly(
            "stopped " + svc + "-web: service is inactive (active = false)",
            "stopped " + svc + "-api: service is inactive (active = false)");
    assertThat(agent.container(svc + "-api").running()).isFalse();
    assertThat(agent.container(svc + "-api").id()).isEqualTo(apiId);
    assertThat(agent.reconcile().outcomes()).isEmpty();

    writeApp(agent.t.image(), agent.t.image());
    agent.reconcile();
    assertThat(agent.container(svc + "-api").running()).isTrue();
    assertThat(agent.container(svc + "-api").id()).isEqualTo(apiId);
  }

  @Test
  void removingTheServicePrunesItsContainersButNotItsData() throws Exception {
    writeApp(agent.t.image(), agent.t.image());
    agent.reconcile();
    Path data = Files.createDirectories(agent.servicesRoot.resolve(svc));
    Files.writeString(data.resolve("keep.txt"), "precious");

    agent.delete(svc);
    CycleResult result = agent.reconcile();

    assertThat(result.outcomes())
        .extracting(o -> o.action().containerName())
        .containsExactly(svc + "-web", svc + "-api");
    assertThat(agent.exists(svc + "-api")).isFalse();
    assertThat(agent.exists(svc + "-web")).isFalse();
    assertThat(Files.readString(data.resolve("keep.txt"))).isEqualTo("precious");
    assertThat(agent.registry().service(svc)).isEmpty();
  }

  @Test
  void aKilledContainerIsHealedWithADriftEvent() throws Exception {
    agent.write(svc, agent.service(svc, component("api", agent.t.image(), "restart = \"no\"")));
    agent.reconcile();
    agent.t.podman().stop(svc + "-api", java.time.Duration.ofSeconds(1));
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
    agent
        .t
        .podman()
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
    agent.t.podman().settings();
    new ProcessRunner(agent.t).run("run", "-d", "--name", name, agent.t.image());
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
  void aFailingPullForOneComponentLeavesTheOthersRunningAndIsReported() throws Exception {
    String other = agent.t.service("other");
    agent.write(other, agent.service(other, component("worker", agent.t.image())));
    writeApp(agent.t.image(), agent.t.image());
    agent.reconcile();
    String webId = agent.container(svc + "-web").id();

    writeApp("localhost/mcp-test-missing:9", agent.t.image());
    CycleResult result = agent.reconcile();

    assertThat(result.failed()).isTrue();
    Outcome failed = result.outcomes().stream().filter(Outcome::failed).findFirst().orElseThrow();
    assertThat(failed.message()).startsWith("failed to recreate " + svc + "-api: ");
    assertThat(failed.message()).contains("localhost/mcp-test-missing:9");
    // The old api keeps running (the pull failed before it was touched), and so does the rest.
    assertThat(agent.container(svc + "-api").running()).isTrue();
    assertThat(agent.container(svc + "-api").image()).isEqualTo(agent.t.image());
    assertThat(agent.container(svc + "-web").id()).isEqualTo(webId);
    assertThat(agent.container(other + "-worker").running()).isTrue();
    assertThat(agent.events())
        .anyMatch(e -> e.startsWith("failed: failed to recreate " + svc + "-api"));
  }

  @Test
  void aComponentWhoseHealthCheckFailsIsReportedUnhealthyAndItsDeployFailed() throws Exception {
    agent.write(
        svc,
        agent.service(
            svc,
            component(
                "api",
                agent.t.image(),
                "[components.health]",
                "cmd = [\"sh\", \"-c\", \"echo db unreachable; exit 1\"]",
                "interval = \"1s\"",
                "retries = 2")));
    CycleResult result = agent.reconcile();

    assertThat(result.failed()).isTrue();
    assertThat(result.outcomes().get(0).message())
        .startsWith(
            "created " + svc + "-api, but it did not become healthy: " + svc + "-api is unhealthy")
        .contains("db unreachable");
    assertThat(agent.events())
        .anyMatch(e -> e.startsWith("failed: created " + svc + "-api, but it did not become"));
  }

  @Test
  void aBadFileIsRejectedAloneAndTheServiceKeepsItsLastGoodSpec() throws Exception {
    writeApp(agent.t.image(), agent.t.image());
    agent.reconcile();
    String apiId = agent.container(svc + "-api").id();

    agent.write(
        svc, agent.service(svc, component("api", agent.t.image(), "restart = \"sometimes\"")));
    CycleResult result = agent.reconcile();

    assertThat(result.rejections()).hasSize(1);
    assertThat(result.rejections().get(0).message())
        .contains(svc + ".toml:")
        .contains("restart: expected one of no, on-failure[:N], always, unless-stopped")
        .endsWith("(keeping the last good spec)");
    assertThat(result.outcomes()).isEmpty();
    assertThat(agent.container(svc + "-api").id()).isEqualTo(apiId);
    assertThat(agent.exists(svc + "-web")).isTrue();
    assertThat(agent.registry().service(svc).orElseThrow().lastError()).isPresent();
    long rejected = agent.events().stream().filter(e -> e.startsWith("rejected:")).count();
    agent.reconcile();
    assertThat(agent.events().stream().filter(e -> e.startsWith("rejected:")).count())
        .isEqualTo(rejected);
  }

  @Test
  void forcedDeployRecreatesOneComponentEvenWhenUnchanged() throws Exception {
    writeApp(agent.t.image(), agent.t.image());
    agent.reconcile();
    ObservedContainer api = agent.container(svc + "-api");
    String webId = agent.container(svc + "-web").id();

    CycleResult result = agent.deploy(new DeployRequest(svc, Optional.of("web"), true));

    assertThat(result.outcomes()).hasSize(1);
    assertThat(agent.container(svc + "-web").id()).isNotEqualTo(webId);
    assertThat(agent.container(svc + "-api").id()).isEqualTo(api.id());
    assertThat(agent.container(svc + "-api").startedAt()).isEqualTo(api.startedAt());
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

    new ProcessRunner(agent.t).run("exec", svc + "-api", "touch", "/tmp/sick");
    agent.reconcile();
    assertThat(agent.registry().component(svc, "api").orElseThrow().health()).contains("unhealthy");
    assertThat(agent.events())
        .contains("drift: " + svc + "-api is unhealthy: its health check keeps failing");

    new ProcessRunner(agent.t).run("exec", svc + "-api", "rm", "/tmp/sick");
    agent.reconcile();
    assertThat(agent.events()).contains("healed: " + svc + "-api is healthy again");
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

    ProcessRunner podman = new ProcessRunner(agent.t);
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
    ProcessRunner podman = new ProcessRunner(agent.t);
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

  @Test
  void aServiceWhoseFirstFileIsBadIsReportedOnceAndCreatesNothing() throws Exception {
    agent.write(svc, agent.service(svc, component("api", "Not An Image")));
    CycleResult first = agent.reconcile();
    assertThat(first.rejections())
        .singleElement()
        .satisfies(r -> assertThat(r.message()).endsWith("(not applied)"));
    agent.reconcile();
    assertThat(agent.events()).filteredOn(e -> e.startsWith("rejected:")).hasSize(1);
    assertThat(agent.exists(svc + "-api")).isFalse();
  }
}
