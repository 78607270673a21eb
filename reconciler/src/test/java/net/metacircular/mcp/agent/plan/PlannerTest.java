package net.metacircular.mcp.agent.plan;

import static net.metacircular.mcp.agent.plan.Fixtures.applied;
import static net.metacircular.mcp.agent.plan.Fixtures.component;
import static net.metacircular.mcp.agent.plan.Fixtures.container;
import static net.metacircular.mcp.agent.plan.Fixtures.desired;
import static net.metacircular.mcp.agent.plan.Fixtures.foreign;
import static net.metacircular.mcp.agent.plan.Fixtures.health;
import static net.metacircular.mcp.agent.plan.Fixtures.inactive;
import static net.metacircular.mcp.agent.plan.Fixtures.manual;
import static net.metacircular.mcp.agent.plan.Fixtures.running;
import static net.metacircular.mcp.agent.plan.Fixtures.service;
import static net.metacircular.mcp.agent.plan.Fixtures.summary;
import static net.metacircular.mcp.agent.plan.Fixtures.withCondition;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.metacircular.mcp.agent.plan.Action.Recreate;
import net.metacircular.mcp.agent.plan.Action.Report;
import net.metacircular.mcp.agent.plan.Action.Resolve;
import net.metacircular.mcp.agent.runtime.ContainerState;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.HealthSpec;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.ConditionKind;
import net.metacircular.mcp.schema.status.Failure;
import net.metacircular.mcp.schema.status.FailureClass;
import org.junit.jupiter.api.Test;

class PlannerTest {
  private static final Condition INACTIVE =
      Condition.of(ConditionKind.INACTIVE, "kept stopped: the service is inactive");
  private static final Condition ACTIVATE_FAILED =
      Condition.failed(
          "failed to activate metacrypt-api: no such container",
          Failure.first(FailureClass.TRANSIENT, "activate", java.time.Instant.EPOCH));

  private static final ComponentSpec API = component("api", "reg:8443/metacrypt:v1.4.2");
  private static final ComponentSpec WEB = component("web", "reg:8443/metacrypt-web:v1.4.2", "api");
  private static final ComponentSpec WEB_NEW =
      component("web", "reg:8443/metacrypt-web:v1.4.3", "api");
  // The web first in the file, so that only depends_on can put the api before it.
  private static final ServiceSpec METACRYPT = service("metacrypt", WEB, API);
  private static final ServiceSpec METACRYPT_NEW = service("metacrypt", WEB_NEW, API);

  private final Planner planner = new Planner("rift");

  private List<Action> plan(DesiredState d, AppliedState a, List<ObservedContainer> o) {
    return planner.plan(d, a, o, PlanOptions.DEFAULTS);
  }

  @Test
  void createsMissingComponentsInDependsOnOrder() {
    List<Action> actions = plan(desired(METACRYPT), AppliedState.EMPTY, List.of());
    assertThat(summary(actions)).containsExactly("Create metacrypt-api", "Create metacrypt-web");
    assertThat(actions.get(0).reason()).isEqualTo("new component, image reg:8443/metacrypt:v1.4.2");
  }

  @Test
  void convergedStateIsAnExactNoOp() {
    List<Action> actions =
        plan(
            desired(METACRYPT),
            applied(METACRYPT),
            List.of(running(METACRYPT, API), running(METACRYPT, WEB)));
    assertThat(actions).isEmpty();
  }

  @Test
  void changedImageRecreatesOnlyThatComponentAndSaysWhy() {
    List<Action> actions =
        plan(
            desired(METACRYPT_NEW),
            applied(METACRYPT),
            List.of(running(METACRYPT, API), running(METACRYPT, WEB)));
    assertThat(summary(actions)).containsExactly("Recreate metacrypt-web");
    assertThat(actions.get(0).reason())
        .isEqualTo("image reg:8443/metacrypt-web:v1.4.2 → reg:8443/metacrypt-web:v1.4.3");
    assertThat(((Recreate) actions.get(0)).pull()).isFalse();
  }

  @Test
  void aHealthCheckChangeNamesTheFieldsThatChanged() {
    HealthSpec check =
        new HealthSpec(
            List.of("true"), Duration.ofSeconds(10), 3, Duration.ZERO, Duration.ofSeconds(5));
    HealthSpec slower =
        new HealthSpec(
            List.of("true"), Duration.ofSeconds(30), 5, Duration.ZERO, Duration.ofSeconds(5));
    ServiceSpec before = service("metacrypt", apiWithHealth(check));
    ServiceSpec after = service("metacrypt", apiWithHealth(slower));
    ServiceSpec none = service("metacrypt", API);

    List<Action> changed =
        plan(desired(after), applied(before), List.of(running(before, before.components().get(0))));
    assertThat(changed.get(0).reason())
        .isEqualTo("health.interval 10s → 30s; health.retries 3 → 5");
    List<Action> removed =
        plan(desired(none), applied(before), List.of(running(before, before.components().get(0))));
    assertThat(removed.get(0).reason()).isEqualTo("health check removed");
  }

  private static final ServiceSpec CHECKED =
      service(
          "metacrypt",
          apiWithHealth(
              new HealthSpec(
                  List.of("wget", "-q", "-O-", "http://127.0.0.1:8443/health"),
                  Duration.ofSeconds(10),
                  3,
                  Duration.ZERO,
                  Duration.ofSeconds(5))));
  private static final Condition HEALTH_GATE_FAILED =
      Condition.failed(
          "created metacrypt-api, but it did not become healthy: metacrypt-api is unhealthy",
          Failure.first(FailureClass.TRANSIENT, "create", java.time.Instant.EPOCH));
  private static final Condition UNHEALTHY =
      Condition.of(
          ConditionKind.UNHEALTHY,
          "metacrypt-api is unhealthy: its health check (wget -q -O- http://127.0.0.1:8443/health)"
              + " fails; it is ok again once the check passes");

  /**
   * The condition the planner sets for a running component of the right spec, with a health check:
   * {@code null} when it plans nothing (the condition stays).
   */
  private Condition healthPlan(Condition before, String podmanHealth) {
    List<Action> actions =
        plan(
            desired(CHECKED),
            withCondition(applied(CHECKED), "metacrypt-api", before),
            List.of(health(running(CHECKED, CHECKED.components().get(0)), podmanHealth)));
    assertThat(actions).hasSizeLessThanOrEqualTo(1).allMatch(a -> a instanceof Resolve);
    return actions.isEmpty() ? null : ((Resolve) actions.get(0)).condition();
  }

  @Test
  void aRunningContainerIsOkOnlyOnceItsHealthCheckPasses() {
    // before                 podman's health  →  condition set (null: unchanged)
    assertThat(healthPlan(Condition.OK, "unhealthy")).isEqualTo(UNHEALTHY);
    assertThat(healthPlan(UNHEALTHY, "unhealthy")).isNull();
    assertThat(healthPlan(UNHEALTHY, "healthy")).isEqualTo(Condition.OK);
    assertThat(healthPlan(Condition.OK, "starting")).isNull();
    // A deploy whose health gate failed stays failed while the container runs unhealthy or
    // starting, and clears when the check passes.
    assertThat(healthPlan(HEALTH_GATE_FAILED, "unhealthy")).isNull();
    assertThat(healthPlan(HEALTH_GATE_FAILED, "starting")).isNull();
    assertThat(healthPlan(HEALTH_GATE_FAILED, "healthy")).isEqualTo(Condition.OK);
    // Without a health check, running is enough (as before).
    assertThat(
            plan(
                desired(METACRYPT),
                withCondition(applied(METACRYPT), "metacrypt-api", HEALTH_GATE_FAILED),
                List.of(running(METACRYPT, API), running(METACRYPT, WEB))))
        .extracting(a -> ((Resolve) a).condition())
        .containsExactly(Condition.OK);
  }

  private static ComponentSpec apiWithHealth(HealthSpec health) {
    return Fixtures.builder(API.name(), API.image()).health(health).build();
  }

  @Test
  void exitedContainerIsDriftAndStartedWhenSelfHealIsOn() {
    List<Action> actions =
        plan(
            desired(METACRYPT),
            applied(METACRYPT),
            List.of(running(METACRYPT, API), container(METACRYPT, WEB, ContainerState.EXITED)));
    assertThat(summary(actions)).containsExactly("Start metacrypt-web");
    assertThat(actions.get(0).reason()).isEqualTo("container exited (exit code 137)");
  }

  @Test
  void driftIsOnlyReportedWhenSelfHealIsOffAndOnlyOnce() {
    PlanOptions noHeal = new PlanOptions(false, true, Set.of());
    List<ObservedContainer> observed =
        List.of(running(METACRYPT, API), container(METACRYPT, WEB, ContainerState.EXITED));
    List<Action> first = planner.plan(desired(METACRYPT), applied(METACRYPT), observed, noHeal);
    assertThat(summary(first)).containsExactly("Report metacrypt-web");
    Report r = (Report) first.get(0);
    assertThat(r.kind()).isEqualTo(Report.Kind.DRIFT);

    AppliedState reported = withCondition(applied(METACRYPT), "metacrypt-web", r.condition());
    assertThat(planner.plan(desired(METACRYPT), reported, observed, noHeal)).isEmpty();
  }

  @Test
  void withSelfHealOffAnExplicitDeployCreatesTheMissingAndStartsTheStopped() {
    PlanOptions noHeal = new PlanOptions(false, true, Set.of());
    List<ObservedContainer> observed = List.of(container(METACRYPT, API, ContainerState.EXITED));
    List<Action> reported = planner.plan(desired(METACRYPT), applied(METACRYPT), observed, noHeal);
    assertThat(summary(reported)).containsExactly("Report metacrypt-api", "Report metacrypt-web");
    assertThat(reported.get(0).reason())
        .endsWith("self_heal is off: mcp deploy metacrypt/api starts it");
    assertThat(reported.get(1).reason())
        .endsWith("self_heal is off: mcp deploy metacrypt/web creates it");

    List<Action> deployed =
        planner.plan(
            desired(METACRYPT),
            applied(METACRYPT),
            observed,
            noHeal.withDeploys(Set.of(new DeployRequest("metacrypt", Optional.empty(), false))));
    assertThat(summary(deployed)).containsExactly("Start metacrypt-api", "Create metacrypt-web");
  }

  @Test
  void missingContainerThatWasAppliedIsRecreatedAsHeal() {
    List<Action> actions =
        plan(desired(METACRYPT), applied(METACRYPT), List.of(running(METACRYPT, API)));
    assertThat(summary(actions)).containsExactly("Create metacrypt-web");
    assertThat(((Action.Create) actions.get(0)).heal()).isTrue();
  }

  @Test
  void inactiveServiceIsStoppedInReverseOrderAndKept() {
    List<Action> actions =
        plan(
            desired(inactive(METACRYPT)),
            applied(METACRYPT),
            List.of(running(METACRYPT, API), running(METACRYPT, WEB)));
    assertThat(summary(actions)).containsExactly("Stop metacrypt-web", "Stop metacrypt-api");
    assertThat(actions).allMatch(a -> a instanceof Action.Stop);
  }

  @Test
  void inactiveServiceAlreadyStoppedIsMarkedKeptStoppedOnceThenLeftAlone() {
    List<ObservedContainer> stopped =
        List.of(
            container(METACRYPT, API, ContainerState.EXITED),
            container(METACRYPT, WEB, ContainerState.EXITED));
    List<Action> actions = plan(desired(inactive(METACRYPT)), applied(METACRYPT), stopped);
    assertThat(summary(actions)).containsExactly("Resolve metacrypt-api", "Resolve metacrypt-web");
    assertThat(actions).allMatch(a -> ((Action.Resolve) a).condition().is(ConditionKind.INACTIVE));

    assertThat(plan(desired(inactive(METACRYPT)), keptStopped(applied(METACRYPT)), stopped))
        .isEmpty();
  }

  @Test
  void activatingAServiceStartsWhatWasKeptStoppedEvenWithSelfHealOff() {
    PlanOptions noHeal = new PlanOptions(false, true, Set.of());
    List<Action> actions =
        planner.plan(
            desired(METACRYPT),
            keptStopped(applied(METACRYPT)),
            List.of(
                container(METACRYPT, API, ContainerState.EXITED),
                container(METACRYPT, WEB, ContainerState.EXITED)),
            noHeal);
    assertThat(summary(actions)).containsExactly("Start metacrypt-api", "Start metacrypt-web");
    assertThat(actions)
        .allMatch(a -> ((Action.Start) a).activated())
        .allMatch(a -> a.reason().equals("service activated (active = true)"));
  }

  @Test
  void aFailedHealIsNotTriedAgainWithSelfHealOffButReportedAsDrift() {
    PlanOptions noHeal = new PlanOptions(false, true, Set.of());
    Condition startFailed =
        Condition.failed(
            "failed to start metacrypt-api: port 8443 taken",
            Failure.first(FailureClass.TRANSIENT, "start", java.time.Instant.EPOCH));
    List<Action> actions =
        planner.plan(
            desired(METACRYPT),
            withCondition(applied(METACRYPT), "metacrypt-api", startFailed),
            List.of(container(METACRYPT, API, ContainerState.EXITED), running(METACRYPT, WEB)),
            noHeal);
    assertThat(summary(actions)).containsExactly("Report metacrypt-api");
    assertThat(((Report) actions.get(0)).condition().kind()).isEqualTo(ConditionKind.DRIFT);
  }

  @Test
  void aFailedActivationIsTriedAgainAndAMissingContainerIsCreated() {
    PlanOptions noHeal = new PlanOptions(false, true, Set.of());
    AppliedState failed =
        withCondition(
            withCondition(applied(METACRYPT), "metacrypt-api", ACTIVATE_FAILED),
            "metacrypt-web",
            INACTIVE);
    List<Action> actions =
        planner.plan(
            desired(METACRYPT),
            failed,
            List.of(container(METACRYPT, API, ContainerState.EXITED)),
            noHeal);
    assertThat(summary(actions)).containsExactly("Start metacrypt-api", "Create metacrypt-web");
    assertThat(((Action.Create) actions.get(1)).heal()).isFalse();
    assertThat(actions.get(1).reason()).startsWith("service activated (active = true)");
  }

  @Test
  void serviceNoLongerDesiredIsPrunedDependentsFirst() {
    List<Action> actions =
        plan(
            desired(),
            applied(METACRYPT),
            List.of(running(METACRYPT, API), running(METACRYPT, WEB)));
    assertThat(summary(actions)).containsExactly("Prune metacrypt-web", "Prune metacrypt-api");
    assertThat(actions.get(0).reason())
        .isEqualTo("service metacrypt is no longer declared for node rift");
  }

  @Test
  void pruneOffOnlyReports() {
    List<Action> actions =
        planner.plan(
            desired(),
            applied(METACRYPT),
            List.of(running(METACRYPT, API)),
            new PlanOptions(true, false, Set.of()));
    assertThat(summary(actions)).containsExactly("Report metacrypt-api");
    assertThat(((Report) actions.get(0)).kind()).isEqualTo(Report.Kind.ORPHAN);
  }

  @Test
  void heldServiceWithInvalidFileIsNeverPruned() {
    DesiredState d = new DesiredState(java.util.Map.of(), Set.of("metacrypt"));
    assertThat(plan(d, AppliedState.EMPTY, List.of(running(METACRYPT, API)))).isEmpty();
  }

  @Test
  void removedComponentIsPruned() {
    ServiceSpec apiOnly = service("metacrypt", API);
    List<Action> actions =
        plan(
            desired(apiOnly),
            applied(METACRYPT),
            List.of(running(METACRYPT, API), running(METACRYPT, WEB)));
    assertThat(summary(actions)).containsExactly("Prune metacrypt-web");
    assertThat(actions.get(0).reason())
        .isEqualTo("component web was removed from service metacrypt");
  }

  @Test
  void foreignContainersAreNeverTouched() {
    List<Action> actions =
        plan(
            desired(METACRYPT),
            applied(METACRYPT),
            List.of(running(METACRYPT, API), running(METACRYPT, WEB), foreign("postgres")));
    assertThat(actions).isEmpty();
  }

  @Test
  void foreignContainerOnManagedNameIsAConflictNotACreate() {
    List<Action> actions =
        plan(
            desired(METACRYPT),
            applied(METACRYPT),
            List.of(running(METACRYPT, API), foreign("metacrypt-web")));
    assertThat(summary(actions)).containsExactly("Report metacrypt-web");
    Report r = (Report) actions.get(0);
    assertThat(r.kind()).isEqualTo(Report.Kind.CONFLICT);
    assertThat(r.reason())
        .startsWith("a container named metacrypt-web exists that MCP did not create");
    // Reported once: the next cycle, with the condition recorded, is a no-op.
    AppliedState seen = withCondition(applied(METACRYPT), "metacrypt-web", r.condition());
    assertThat(
            plan(
                desired(METACRYPT),
                seen,
                List.of(running(METACRYPT, API), foreign("metacrypt-web"))))
        .isEmpty();
  }

  @Test
  void matchingContainersAreAdoptedIntoAnEmptyRegistryWithoutRestart() {
    List<Action> actions =
        plan(
            desired(METACRYPT),
            AppliedState.EMPTY,
            List.of(running(METACRYPT, API), running(METACRYPT, WEB)));
    assertThat(summary(actions)).containsExactly("Adopt metacrypt-api", "Adopt metacrypt-web");
  }

  @Test
  void manualServiceIsOnlyReportedOutOfSync() {
    List<Action> actions =
        plan(
            desired(manual(METACRYPT_NEW)),
            applied(manual(METACRYPT)),
            List.of(running(METACRYPT, API), running(METACRYPT, WEB)));
    assertThat(summary(actions)).containsExactly("Report metacrypt-web");
    Report r = (Report) actions.get(0);
    assertThat(r.kind()).isEqualTo(Report.Kind.OUT_OF_SYNC);
    assertThat(r.reason())
        .contains("image reg:8443/metacrypt-web:v1.4.2 → reg:8443/metacrypt-web:v1.4.3");
  }

  @Test
  void manualServiceStillHealsItsAppliedSpecThenReportsItOutOfSync() {
    List<Action> actions =
        plan(
            desired(manual(METACRYPT_NEW)),
            withCondition(
                applied(manual(METACRYPT)),
                "metacrypt-web",
                Condition.of(ConditionKind.DRIFT, "x")),
            List.of(running(METACRYPT, API), container(METACRYPT, WEB, ContainerState.EXITED)));
    assertThat(summary(actions)).containsExactly("Start metacrypt-web");
    assertThat(((Action.Start) actions.get(0)).target()).isEqualTo(WEB);

    // Started, its condition cleared: the next cycle says it is out of sync.
    List<Action> next =
        plan(
            desired(manual(METACRYPT_NEW)),
            applied(manual(METACRYPT)),
            List.of(running(METACRYPT, API), running(METACRYPT, WEB)));
    assertThat(summary(next)).containsExactly("Report metacrypt-web");
  }

  @Test
  void manualServiceOutOfSyncIsReportedOnceNotEveryCycle() {
    List<ObservedContainer> observed = List.of(running(METACRYPT, API), running(METACRYPT, WEB));
    Report r =
        (Report) plan(desired(manual(METACRYPT_NEW)), applied(manual(METACRYPT)), observed).get(0);
    AppliedState reported =
        withCondition(applied(manual(METACRYPT)), "metacrypt-web", r.condition());
    assertThat(plan(desired(manual(METACRYPT_NEW)), reported, observed)).isEmpty();
  }

  @Test
  void manualServiceOutOfSyncWithAReportedDriftDoesNotAlternateTheTwoReports() {
    PlanOptions noHeal = new PlanOptions(false, true, Set.of());
    List<ObservedContainer> observed =
        List.of(running(METACRYPT, API), container(METACRYPT, WEB, ContainerState.EXITED));
    Report drift =
        (Report)
            planner
                .plan(desired(manual(METACRYPT_NEW)), applied(manual(METACRYPT)), observed, noHeal)
                .get(0);
    assertThat(drift.condition().kind()).isEqualTo(ConditionKind.DRIFT);
    AppliedState drifted =
        withCondition(applied(manual(METACRYPT)), "metacrypt-web", drift.condition());
    assertThat(planner.plan(desired(manual(METACRYPT_NEW)), drifted, observed, noHeal)).isEmpty();
  }

  @Test
  void manualServiceFoundRunningItsFileWithAnEmptyRegistryIsAdoptedNotOutOfSync() {
    List<Action> actions =
        plan(
            desired(manual(METACRYPT)),
            AppliedState.EMPTY,
            List.of(running(METACRYPT, API), running(METACRYPT, WEB)));
    assertThat(summary(actions)).containsExactly("Adopt metacrypt-api", "Adopt metacrypt-web");
    assertThat(((Action.Adopt) actions.get(1)).target()).isEqualTo(WEB);
  }

  @Test
  void manualServiceFoundRunningAnotherSpecWithAnEmptyRegistryIsOutOfSyncAndLeftRunning() {
    List<Action> actions =
        plan(
            desired(manual(METACRYPT_NEW)),
            AppliedState.EMPTY,
            List.of(running(METACRYPT, API), running(METACRYPT, WEB)));
    assertThat(summary(actions)).containsExactly("Adopt metacrypt-api", "Report metacrypt-web");
    assertThat(actions.get(1).reason()).startsWith("its container has spec hash ");
  }

  @Test
  void deployRequestAppliesManualServiceComponentAlone() {
    PlanOptions deployWeb =
        PlanOptions.DEFAULTS.withDeploys(
            Set.of(new DeployRequest("metacrypt", Optional.of("web"), false)));
    List<Action> actions =
        planner.plan(
            desired(manual(METACRYPT_NEW)),
            applied(manual(METACRYPT)),
            List.of(running(METACRYPT, API), running(METACRYPT, WEB)),
            deployWeb);
    assertThat(summary(actions)).containsExactly("Recreate metacrypt-web");
  }

  @Test
  void forcedDeployRecreatesAnUnchangedComponentAndPulls() {
    PlanOptions force =
        PlanOptions.DEFAULTS.withDeploys(
            Set.of(new DeployRequest("metacrypt", Optional.of("web"), true)));
    List<Action> actions =
        planner.plan(
            desired(METACRYPT),
            applied(METACRYPT),
            List.of(running(METACRYPT, API), running(METACRYPT, WEB)),
            force);
    assertThat(summary(actions)).containsExactly("Recreate metacrypt-web");
    assertThat(((Recreate) actions.get(0)).pull()).isTrue();
  }

  @Test
  void containerChangedOutsideMcpIsDriftAndRecreatedBackWhenSelfHealing() {
    ObservedContainer tampered = running(METACRYPT, WEB_NEW); // labels say another spec
    List<Action> actions =
        plan(desired(METACRYPT), applied(METACRYPT), List.of(running(METACRYPT, API), tampered));
    assertThat(summary(actions)).containsExactly("Recreate metacrypt-web");
    assertThat(((Recreate) actions.get(0)).heal()).isTrue();
  }

  @Test
  void conditionThatClearedIsResolvedSilently() {
    AppliedState reported =
        withCondition(
            applied(METACRYPT),
            "metacrypt-web",
            Condition.of(ConditionKind.DRIFT, "container exited"));
    List<Action> actions =
        plan(
            desired(METACRYPT),
            reported,
            List.of(running(METACRYPT, API), running(METACRYPT, WEB)));
    assertThat(summary(actions)).containsExactly("Resolve metacrypt-web");
  }

  @Test
  void containersOfAnotherNodesAgentAreNeitherPrunedNorTaken() {
    ObservedContainer others = withLabel(running(METACRYPT, API), "mcp.node", "elsewhere");
    assertThat(plan(desired(), AppliedState.EMPTY, List.of(others))).isEmpty();
    List<Action> actions =
        plan(desired(service("metacrypt", API)), AppliedState.EMPTY, List.of(others));
    assertThat(summary(actions)).containsExactly("Report metacrypt-api");
    assertThat(actions.get(0).reason()).contains("belongs to the MCP agent of node elsewhere");
  }

  private static AppliedState keptStopped(AppliedState a) {
    return withCondition(withCondition(a, "metacrypt-api", INACTIVE), "metacrypt-web", INACTIVE);
  }

  private static ObservedContainer withLabel(ObservedContainer c, String key, String value) {
    java.util.Map<String, String> labels = new java.util.HashMap<>(c.labels());
    labels.put(key, value);
    return new ObservedContainer(
        c.id(),
        c.name(),
        c.state(),
        c.status(),
        labels,
        c.image(),
        c.imageId(),
        c.startedAt(),
        c.exitCode());
  }

  // ---- suspended services: left alone entirely, whatever the table would do ----

  private static final ServiceSpec OTHER = service("other", component("app", "reg:8443/app:v1"));
  private static final PlanOptions METACRYPT_SUSPENDED =
      PlanOptions.DEFAULTS.withSuspended(Set.of("metacrypt"), false);

  @Test
  void aSuspendedServiceIsNeitherCreatedNorDeployedNorHealed() {
    record Row(
        String what, DesiredState desired, AppliedState applied, List<ObservedContainer> o) {}
    List<Row> rows =
        List.of(
            new Row("missing", desired(METACRYPT), AppliedState.EMPTY, List.of()),
            new Row(
                "changed image",
                desired(METACRYPT_NEW),
                applied(METACRYPT),
                List.of(running(METACRYPT, API), running(METACRYPT, WEB))),
            new Row(
                "exited",
                desired(METACRYPT),
                applied(METACRYPT),
                List.of(running(METACRYPT, API), container(METACRYPT, WEB, ContainerState.EXITED))),
            new Row(
                "killed and gone",
                desired(METACRYPT),
                applied(METACRYPT),
                List.of(running(METACRYPT, API))),
            new Row(
                "removed from git",
                desired(),
                applied(METACRYPT),
                List.of(running(METACRYPT, API), running(METACRYPT, WEB))));
    for (Row row : rows) {
      assertThat(planner.plan(row.desired(), row.applied(), row.o(), METACRYPT_SUSPENDED))
          .as(row.what())
          .isEmpty();
      assertThat(plan(row.desired(), row.applied(), row.o())).as(row.what()).isNotEmpty();
    }
  }

  @Test
  void anExplicitDeployOfASuspendedServiceDoesNothing() {
    PlanOptions deploy =
        METACRYPT_SUSPENDED.withDeploys(
            Set.of(new DeployRequest("metacrypt", Optional.empty(), true)));
    assertThat(planner.plan(desired(METACRYPT_NEW), applied(METACRYPT), List.of(), deploy))
        .isEmpty();
  }

  @Test
  void otherServicesAreReconciledAsUsual() {
    List<Action> actions =
        planner.plan(desired(METACRYPT, OTHER), AppliedState.EMPTY, List.of(), METACRYPT_SUSPENDED);
    assertThat(summary(actions)).containsExactly("Create other-app");
  }

  @Test
  void aSuspendedNodeLeavesEveryServiceAloneIncludingNewOnes() {
    PlanOptions node = PlanOptions.DEFAULTS.withSuspended(Set.of(), true);
    assertThat(
            planner.plan(
                desired(OTHER), applied(METACRYPT), List.of(running(METACRYPT, API)), node))
        .isEmpty();
  }
}
