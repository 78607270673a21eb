package net.metacircular.mcp.agent.registry;

import static net.metacircular.mcp.agent.registry.Fixtures.C1;
import static net.metacircular.mcp.agent.registry.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.metacircular.mcp.agent.testing.TestClock;
import net.metacircular.mcp.agent.testing.TestRegistry;
import net.metacircular.mcp.schema.status.ComponentCondition;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.ConditionKind;
import net.metacircular.mcp.schema.status.Failure;
import net.metacircular.mcp.schema.status.FailureClass;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The typed conditions table: what is written is read back, and {@code since} keeps its start. */
class RegistryConditionsTest {
  @RegisterExtension final TestRegistry db = new TestRegistry();
  final TestClock clock = db.clock();
  final Registry registry = db.registry();

  @Test
  void aFailureWithItsRetriesAndSpecHashIsReadBackAsWritten() {
    Instant t0 = clock.instant();
    Condition failed =
        Condition.failed(
                "image localhost/x:1 cannot be pulled: registry localhost refused the connection",
                new Failure(
                    FailureClass.PERMANENT,
                    "create",
                    3,
                    t0,
                    Optional.of(t0.plus(Duration.ofMinutes(10))),
                    Optional.of("9f86d081884c7d65")))
            .withCommit("4c1d2e9");
    registry.setCondition("metacrypt", "api", failed);

    assertThat(registry.condition("metacrypt", "api"))
        .contains(new ComponentCondition("metacrypt", "api", failed, t0));
    assertThat(registry.condition("metacrypt", "web")).isEmpty();
  }

  @Test
  void sinceMovesOnlyWhenTheKindChanges() {
    Instant t0 = clock.instant();
    registry.setCondition("metacrypt", "api", Condition.of(ConditionKind.DRIFT, "exited"));
    clock.advance(Duration.ofMinutes(1));
    registry.setCondition("metacrypt", "api", Condition.of(ConditionKind.DRIFT, "stopped"));
    ComponentCondition same = registry.condition("metacrypt", "api").orElseThrow();
    assertThat(same.since()).isEqualTo(t0);
    assertThat(same.condition().detail()).isEqualTo("stopped");

    Instant t1 = clock.advance(Duration.ofMinutes(1));
    registry.setCondition("metacrypt", "api", Condition.OK);
    assertThat(registry.condition("metacrypt", "api").orElseThrow().since()).isEqualTo(t1);
  }

  @Test
  void conditionsGoWithTheirComponentAndTheirService() {
    registry.upsertService(service("metacrypt", C1));
    registry.recordComponentApplied(Fixtures.applied("metacrypt", "api", "h1", C1));
    registry.setCondition("metacrypt", "api", Condition.OK);
    registry.setCondition("metacrypt", "web", Condition.of(ConditionKind.CONFLICT, "foreign"));
    assertThat(registry.conditions())
        .extracting(ComponentCondition::containerName)
        .containsExactly("metacrypt-api", "metacrypt-web");

    registry.removeComponent("metacrypt", "api");
    assertThat(registry.conditions())
        .extracting(ComponentCondition::containerName)
        .containsExactly("metacrypt-web");
    registry.removeService("metacrypt");
    assertThat(registry.conditions()).isEmpty();
  }

  @Test
  void aBadConditionIsRefusedNamingWhatIsWrong() {
    assertThatThrownBy(() -> Condition.of(ConditionKind.DRIFT, " "))
        .hasMessageContaining("drift needs a detail");
    assertThatThrownBy(
            () ->
                new Condition(
                    ConditionKind.CONFLICT,
                    "foreign",
                    Optional.empty(),
                    Optional.of(Failure.first(FailureClass.TRANSIENT, "create", Instant.EPOCH))))
        .hasMessageContaining("only failed and crash_loop");
    assertThatThrownBy(
            () -> new Failure(FailureClass.TRANSIENT, "create", 0, Instant.EPOCH, Optional.empty()))
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> registry.setCondition("Bad Name", "api", Condition.OK))
        .isInstanceOf(RegistryException.class)
        .hasMessageContaining("service name");
  }
}
