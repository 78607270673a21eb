package net.metacircular.mcp.agent.reconcile;

import static net.metacircular.mcp.agent.reconcile.AgentHarness.component;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.metacircular.mcp.agent.apply.Outcome;
import net.metacircular.mcp.agent.plan.DeployRequest;
import net.metacircular.mcp.agent.runtime.Labels;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.ConditionKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reconciler's logic (planner through executor and registry) on the in-memory runtime, its
 * clock advanced by health waits: no podman, milliseconds a test. It relies only on the runtime
 * behaviour {@code ContainerRuntimeContract} proves on podman; what only podman can show (adoption
 * after an agent restart or a lost registry, containers changed by hand, health checks run by
 * podman) stays in {@link ReconcilerPodmanTest}.
 */
class ReconcilerTest {
  @RegisterExtension final InMemoryHarness fixture = new InMemoryHarness();
  private final InMemoryRuntime runtime = fixture.runtime();
  private final AgentHarness agent = fixture.agent();
  private final String svc = runtime.service("app");

  private void writeApp(String apiImage, String webImage, String... top) throws Exception {
    agent.write(
        svc,
        agent.service(svc, String.join("\n", top) + "\n")
            + component("api", apiImage)
            + component("web", webImage, "depends_on = [\"api\"]"));
  }

  @Test
  void createsAServiceInDependencyOrderAndASecondCycleIsAnExactNoOp() throws Exception {
    writeApp(runtime.image(), runtime.image());
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
            "created: created " + svc + "-api: new component, image " + runtime.image(),
            "created: created " + svc + "-web: new component, image " + runtime.image());

    List<String> before = agent.events();
    ObservedContainer web = agent.container(svc + "-web");
    assertThat(agent.reconcile().outcomes()).isEmpty();
    assertThat(agent.reconcile().outcomes()).isEmpty();
    assertThat(agent.events()).isEqualTo(before);
    assertThat(agent.container(svc + "-web").startedAt()).isEqualTo(web.startedAt());
  }

  @Test
  void changingOneImageTagRecreatesOnlyThatComponent() throws Exception {
    writeApp(runtime.image(), runtime.image());
    agent.reconcile();
    ObservedContainer api = agent.container(svc + "-api");
    ObservedContainer web = agent.container(svc + "-web");

    String v2 = runtime.image("2");
    writeApp(runtime.image(), v2);
    CycleResult result = agent.reconcile();

    assertThat(result.outcomes()).hasSize(1);
    assertThat(result.outcomes().get(0).message())
        .isEqualTo("recreated " + svc + "-web: image " + runtime.image() + " → " + v2);
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
    writeApp(runtime.image(), runtime.image());
    agent.reconcile();
    String apiId = agent.container(svc + "-api").id();

    writeApp(runtime.image(), runtime.image(), "active = false");
    CycleResult stop = agent.reconcile();
    assertThat(stop.outcomes())
        .extracting(Outcome::message)
        .containsExactly(
            "stopped " + svc + "-web: service is inactive (active = false)",
            "stopped " + svc + "-api: service is inactive (active = false)");
    assertThat(agent.container(svc + "-api").running()).isFalse();
    assertThat(agent.container(svc + "-api").id()).isEqualTo(apiId);
    assertThat(agent.reconcile().outcomes()).isEmpty();

    writeApp(runtime.image(), runtime.image());
    agent.reconcile();
    assertThat(agent.container(svc + "-api").running()).isTrue();
    assertThat(agent.container(svc + "-api").id()).isEqualTo(apiId);
  }

  @Test
  void removingTheServicePrunesItsContainersButNotItsData() throws Exception {
    writeApp(runtime.image(), runtime.image());
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
  void aFailingPullForOneComponentLeavesTheOthersRunningAndIsReported() throws Exception {
    String other = agent.t.service("other");
    agent.write(other, agent.service(other, component("worker", runtime.image())));
    writeApp(runtime.image(), runtime.image());
    agent.reconcile();
    String webId = agent.container(svc + "-web").id();

    writeApp("localhost/mcp-test-missing:9", runtime.image());
    CycleResult result = agent.reconcile();

    assertThat(result.failed()).isTrue();
    Outcome failed = result.outcomes().stream().filter(Outcome::failed).findFirst().orElseThrow();
    assertThat(failed.message()).startsWith("failed to recreate " + svc + "-api: ");
    assertThat(failed.message()).contains("localhost/mcp-test-missing:9");
    // The old api keeps running (the pull failed before it was touched), and so does the rest.
    assertThat(agent.container(svc + "-api").running()).isTrue();
    assertThat(agent.container(svc + "-api").image()).isEqualTo(runtime.image());
    assertThat(agent.container(svc + "-web").id()).isEqualTo(webId);
    assertThat(agent.container(other + "-worker").running()).isTrue();
    assertThat(agent.events())
        .anyMatch(e -> e.startsWith("failed: failed to recreate " + svc + "-api"));
    // Its typed condition: failed, by the recreate, at the commit it was applying; the others ok.
    Condition api = agent.registry().condition(svc, "api").orElseThrow().condition();
    assertThat(api.kind()).isEqualTo(ConditionKind.FAILED);
    assertThat(api.detail()).isEqualTo(failed.message());
    assertThat(api.failedAction()).contains("recreate");
    assertThat(api.commit()).isPresent();
    assertThat(api.failure().orElseThrow().attempts()).isEqualTo(1);
    assertThat(agent.registry().condition(other, "worker").orElseThrow().kind())
        .isEqualTo(ConditionKind.OK);
  }

  @Test
  void aComponentWhoseHealthCheckFailsFailsItsHealthGateAndIsLeftForInspection() throws Exception {
    runtime.healthCheckFails(svc + "-api", Optional.of("db unreachable\n"));
    agent.write(
        svc,
        agent.service(
            svc,
            component(
                "api",
                runtime.image(),
                "[components.health]",
                "cmd = [\"sh\", \"-c\", \"echo db unreachable; exit 1\"]",
                "interval = \"1s\"",
                "retries = 2")));
    CycleResult result = agent.reconcile();
    // Created; its health gate is looked at between cycles (the first check failed, one to go).
    assertThat(result.failed()).isFalse();
    assertThat(result.outcomes().get(0).message()).startsWith("created " + svc + "-api");

    agent.reconcile();
    assertThat(agent.events())
        .anyMatch(
            e ->
                e.startsWith("failed: " + svc + " ")
                    && e.contains("failed its health gate: " + svc + "-api is unhealthy")
                    && e.contains("db unreachable"));
    assertThat(agent.registry().condition(svc, "api").orElseThrow().kind())
        .isEqualTo(ConditionKind.FAILED);

    // A first deploy has no earlier healthy spec to roll back to: it is left as it is for
    // inspection, also once its check passes, until a newer commit or mcp deploy --force.
    runtime.healthCheckFails(svc + "-api", Optional.empty());
    assertThat(agent.reconcile().outcomes()).isEmpty();
    assertThat(agent.registry().condition(svc, "api").orElseThrow().kind())
        .isEqualTo(ConditionKind.FAILED);
  }

  @Test
  void aBadFileIsRejectedAloneAndTheServiceKeepsItsLastGoodSpec() throws Exception {
    writeApp(runtime.image(), runtime.image());
    agent.reconcile();
    String apiId = agent.container(svc + "-api").id();

    agent.write(
        svc, agent.service(svc, component("api", runtime.image(), "restart = \"sometimes\"")));
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
    writeApp(runtime.image(), runtime.image());
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

  @Test
  void aManualServiceChangedIsReportedOutOfSyncOnceAcrossCycles() throws Exception {
    writeApp(runtime.image(), runtime.image(), "deploy = \"manual\"");
    agent.deploy(new DeployRequest(svc, Optional.empty(), false));

    writeApp(runtime.image("v2"), runtime.image("v2"), "deploy = \"manual\"");
    for (int i = 0; i < 4; i++) {
      agent.reconcile();
    }

    assertThat(agent.events())
        .filteredOn(e -> e.startsWith("out-of-sync:"))
        .hasSize(2) // api and web, once each
        .allMatch(e -> e.contains("image " + runtime.image() + " → " + runtime.image("v2")));
    assertThat(agent.container(svc + "-web").image()).isEqualTo(runtime.image());
  }
}
