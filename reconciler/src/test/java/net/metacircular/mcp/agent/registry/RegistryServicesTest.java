package net.metacircular.mcp.agent.registry;

import static net.metacircular.mcp.agent.registry.Fixtures.C1;
import static net.metacircular.mcp.agent.registry.Fixtures.C2;
import static net.metacircular.mcp.agent.registry.Fixtures.TOML;
import static net.metacircular.mcp.agent.registry.Fixtures.applied;
import static net.metacircular.mcp.agent.registry.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.metacircular.mcp.agent.runtime.ContainerState;
import net.metacircular.mcp.agent.testing.TestClock;
import net.metacircular.mcp.agent.testing.TestRegistry;
import net.metacircular.mcp.schema.DeployMode;
import net.metacircular.mcp.schema.status.ComponentCondition;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.ConditionKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RegistryServicesTest {
  @RegisterExtension final TestRegistry db = new TestRegistry();
  final TestClock clock = db.clock();
  final Registry registry = db.registry();

  @Test
  void aServiceRoundTrips() {
    Instant t0 = clock.instant();
    ServiceRecord stored =
        registry.upsertService(
            new ServiceUpsert("metacrypt", "rift", false, DeployMode.MANUAL, TOML, C1));

    ServiceRecord expected =
        new ServiceRecord(
            "metacrypt",
            "rift",
            false,
            DeployMode.MANUAL,
            TOML,
            C1,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            t0);
    assertThat(stored).isEqualTo(expected);
    assertThat(registry.service("metacrypt")).contains(expected);
    assertThat(registry.services()).containsExactly(expected);
    assertThat(registry.service("other")).isEmpty();
    assertThat(stored.specNewerThanApplied()).isTrue();
  }

  @Test
  void servicesAreListedByName() {
    registry.upsertService(service("zeta", C1));
    registry.upsertService(service("alpha", C1));
    assertThat(registry.services())
        .extracting(ServiceRecord::name)
        .containsExactly("alpha", "zeta");
  }

  @Test
  void upsertKeepsWhatWasAppliedAndTheError() {
    registry.upsertService(service("metacrypt", C1));
    Instant applied = clock.advance(Duration.ofSeconds(5));
    registry.recordServiceApplied("metacrypt", C1);
    Instant failing = clock.advance(Duration.ofSeconds(5));
    registry.setServiceError("metacrypt", "metacrypt.toml:3:1: unknown key \"imgae\"");
    clock.advance(Duration.ofSeconds(5));

    ServiceRecord s =
        registry.upsertService(
            new ServiceUpsert("metacrypt", "vade", true, DeployMode.AUTO, TOML + "# v2\n", C2));

    assertThat(s.node()).isEqualTo("vade");
    assertThat(s.specToml()).endsWith("# v2\n");
    assertThat(s.specCommit()).isEqualTo(C2);
    assertThat(s.appliedCommit()).contains(C1);
    assertThat(s.appliedAt()).contains(applied);
    assertThat(s.lastError()).contains("metacrypt.toml:3:1: unknown key \"imgae\"");
    assertThat(s.errorSince()).contains(failing);
    assertThat(s.specNewerThanApplied()).isTrue();
    assertThat(s.updatedAt()).isEqualTo(clock.instant());
  }

  @Test
  void errorSinceStaysAtTheStartOfAFailureUntilCleared() {
    registry.upsertService(service("metacrypt", C1));
    Instant first = clock.instant();
    registry.setServiceError("metacrypt", "pull failed");
    clock.advance(Duration.ofMinutes(1));
    ServiceRecord again = registry.setServiceError("metacrypt", "pull failed again");
    assertThat(again.lastError()).contains("pull failed again");
    assertThat(again.errorSince()).contains(first);

    ServiceRecord cleared = registry.clearServiceError("metacrypt");
    assertThat(cleared.lastError()).isEmpty();
    assertThat(cleared.errorSince()).isEmpty();

    Instant later = clock.advance(Duration.ofMinutes(1));
    assertThat(registry.setServiceError("metacrypt", "new").errorSince()).contains(later);
  }

  @Test
  void changingAnUnknownServiceSaysWhatToDo() {
    assertThatThrownBy(() -> registry.recordServiceApplied("ghost", C1))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND))
        .hasMessageContaining("service ghost is not in the registry")
        .hasMessageContaining("upsertService");
    assertThatThrownBy(() -> registry.setServiceError("ghost", "x"))
        .isInstanceOf(RegistryException.class);
    assertThatThrownBy(() -> registry.clearServiceError("ghost"))
        .isInstanceOf(RegistryException.class);
    assertThatThrownBy(() -> registry.recordComponentApplied(applied("ghost", "api", "h1", C1)))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("service ghost is not in the registry");
  }

  @Test
  void componentsRoundTrip() {
    registry.upsertService(service("metacrypt", C1));
    Instant t0 = clock.instant();
    ComponentRecord api = registry.recordComponentApplied(applied("metacrypt", "api", "h1", C1));
    registry.recordComponentApplied(
        new ComponentApplied(
            "metacrypt", "web", "h2", "web:v1", C1, Optional.empty(), Optional.empty()));
    registry.upsertService(service("other", C1));
    registry.recordComponentApplied(applied("other", "db", "h3", C1));

    assertThat(api)
        .isEqualTo(
            new ComponentRecord(
                "metacrypt",
                "api",
                "h1",
                "img:h1",
                C1,
                t0,
                Optional.of("id-h1"),
                Optional.of("{\"spec\":\"h1\"}"),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
    assertThat(api.containerName()).isEqualTo("metacrypt-api");
    assertThat(registry.component("metacrypt", "api")).contains(api);
    assertThat(registry.components("metacrypt"))
        .extracting(ComponentRecord::component)
        .containsExactly("api", "web");
    assertThat(registry.component("metacrypt", "web").orElseThrow().containerId()).isEmpty();
    assertThat(registry.allComponents())
        .extracting(ComponentRecord::containerName)
        .containsExactly("metacrypt-api", "metacrypt-web", "other-db");
    assertThat(registry.components("nothing")).isEmpty();
  }

  @Test
  void observationsKeepTheirSinceUntilStateOrHealthChanges() {
    registry.upsertService(service("metacrypt", C1));
    registry.recordComponentApplied(applied("metacrypt", "api", "h1", C1));

    Instant t1 = clock.advance(Duration.ofSeconds(1));
    ComponentRecord c =
        registry.recordComponentObserved(
            "metacrypt", "api", Optional.empty(), ContainerState.RUNNING, Optional.of("starting"));
    assertThat(c.state()).contains(ContainerState.RUNNING);
    assertThat(c.health()).contains("starting");
    assertThat(c.stateSince()).contains(t1);
    assertThat(c.containerId()).contains("id-h1");

    clock.advance(Duration.ofSeconds(10));
    c =
        registry.recordComponentObserved(
            "metacrypt", "api", Optional.empty(), ContainerState.RUNNING, Optional.of("starting"));
    assertThat(c.stateSince()).contains(t1);

    Instant t3 = clock.advance(Duration.ofSeconds(10));
    c =
        registry.recordComponentObserved(
            "metacrypt",
            "api",
            Optional.of("id-new"),
            ContainerState.RUNNING,
            Optional.of("healthy"));
    assertThat(c.health()).contains("healthy");
    assertThat(c.stateSince()).contains(t3);
    assertThat(c.containerId()).contains("id-new");

    Instant t4 = clock.advance(Duration.ofSeconds(10));
    c =
        registry.recordComponentObserved(
            "metacrypt", "api", Optional.empty(), ContainerState.EXITED, Optional.empty());
    assertThat(c.state()).contains(ContainerState.EXITED);
    assertThat(c.health()).isEmpty();
    assertThat(c.stateSince()).contains(t4);
  }

  @Test
  void applyingAgainReplacesTheComponentAndDropsTheOldObservation() {
    registry.upsertService(service("metacrypt", C1));
    registry.recordComponentApplied(applied("metacrypt", "api", "h1", C1));
    registry.recordComponentObserved(
        "metacrypt", "api", Optional.empty(), ContainerState.RUNNING, Optional.empty());

    Instant t = clock.advance(Duration.ofMinutes(1));
    ComponentRecord c = registry.recordComponentApplied(applied("metacrypt", "api", "h2", C2));

    assertThat(c.specHash()).isEqualTo("h2");
    assertThat(c.image()).isEqualTo("img:h2");
    assertThat(c.appliedCommit()).isEqualTo(C2);
    assertThat(c.appliedAt()).isEqualTo(t);
    assertThat(c.containerId()).contains("id-h2");
    assertThat(c.state()).isEmpty();
    assertThat(c.stateSince()).isEmpty();
  }

  @Test
  void observingAnUnknownComponentSaysWhatToDo() {
    registry.upsertService(service("metacrypt", C1));
    assertThatThrownBy(
            () ->
                registry.recordComponentObserved(
                    "metacrypt", "api", Optional.empty(), ContainerState.RUNNING, Optional.empty()))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.NOT_FOUND))
        .hasMessageContaining("metacrypt/api")
        .hasMessageContaining("recordComponentApplied");
  }

  @Test
  void removingAComponentAndAServiceKeepsTheEvents() {
    registry.upsertService(service("metacrypt", C1));
    registry.recordComponentApplied(applied("metacrypt", "api", "h1", C1));
    registry.recordComponentApplied(applied("metacrypt", "web", "h2", C1));
    registry.appendEvent(NewEvent.ofService(EventKind.CREATED, "metacrypt", "created"));

    assertThat(registry.removeComponent("metacrypt", "web")).isTrue();
    assertThat(registry.removeComponent("metacrypt", "web")).isFalse();
    assertThat(registry.components("metacrypt"))
        .extracting(ComponentRecord::component)
        .containsExactly("api");

    assertThat(registry.removeService("metacrypt")).isTrue();
    assertThat(registry.removeService("metacrypt")).isFalse();
    assertThat(registry.service("metacrypt")).isEmpty();
    assertThat(registry.allComponents()).isEmpty();
    assertThat(registry.events(EventQuery.recent(10).forService("metacrypt"))).hasSize(1);
  }

  @Test
  void recordsRejectInvalidValuesWithTheFieldName() {
    assertThatThrownBy(() -> service("Bad_Name", C1))
        .isInstanceOfSatisfying(
            RegistryException.class,
            e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID_ARGUMENT))
        .hasMessageContaining("service name \"Bad_Name\"");
    assertThatThrownBy(() -> service("metacrypt", "not-a-commit"))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("specCommit");
    assertThatThrownBy(() -> new ServiceUpsert("metacrypt", " ", true, DeployMode.AUTO, TOML, C1))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("node");
    assertThatThrownBy(
            () ->
                new NewEvent(
                    Optional.empty(), Optional.of("api"), EventKind.FAILED, "x", Optional.empty()))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("has no service");
    assertThatThrownBy(() -> EventQuery.recent(0))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("limit 0");
  }

  @Test
  void aComponentItsConditionAndItsEventAreRecordedTogetherOrNotAtAll() {
    registry.upsertService(service("metacrypt", C1));
    registry.setCondition("metacrypt", "api", Condition.of(ConditionKind.DRIFT, "exited"));
    registry.recordApplied(
        applied("metacrypt", "api", "h1", C1),
        Optional.of(Condition.OK),
        NewEvent.ofComponent(EventKind.CREATED, "metacrypt", "api", "created metacrypt-api"));
    assertThat(registry.component("metacrypt", "api")).isPresent();
    assertThat(registry.conditions())
        .extracting(ComponentCondition::kind)
        .containsExactly(ConditionKind.OK);
    assertThat(registry.events(EventQuery.recent(10))).hasSize(1);

    // A component of a service the registry does not know: refused, and the event is not kept.
    assertThatThrownBy(
            () ->
                registry.recordApplied(
                    applied("ghost", "api", "h2", C1),
                    Optional.of(Condition.OK),
                    NewEvent.ofComponent(EventKind.CREATED, "ghost", "api", "created ghost-api")))
        .isInstanceOf(RegistryException.class);
    assertThat(registry.events(EventQuery.recent(10))).hasSize(1);
    assertThat(registry.component("ghost", "api")).isEmpty();
  }
}
