package net.metacircular.mcp.agent.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.metacircular.mcp.agent.registry.SourceState;
import net.metacircular.mcp.schema.status.ComponentCondition;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.ConditionKind;
import org.junit.jupiter.api.Test;

/**
 * When a condition or a failing source becomes an incident: open_after, source_after, self-heal.
 */
class IncidentScanTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private static ComponentCondition drift(String service, Duration ago) {
    return new ComponentCondition(
        service,
        "app",
        Condition.of(ConditionKind.DRIFT, "container exited (exit code 1)"),
        NOW.minus(ago));
  }

  private static SourceState failingSince(Duration ago) {
    return new SourceState(
        Optional.empty(),
        Optional.empty(),
        Optional.of(NOW),
        Optional.empty(),
        Optional.of("cannot fetch branch main: connection refused"),
        Optional.of(NOW.minus(ago)),
        Optional.of("network"));
  }

  private static final SourceState FINE =
      new SourceState(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  @Test
  void driftOfAServiceThatHealsItselfIsNoIncidentAndTheOtherWaitsForOpenAfter() {
    List<ComponentCondition> conditions =
        List.of(drift("healed", Duration.ofMinutes(3)), drift("kept", Duration.ofMinutes(3)));
    IncidentScan twoMinutes =
        new IncidentScan(Duration.ofMinutes(2), Duration.ofMinutes(10), s -> s.equals("healed"));
    assertThat(twoMinutes.incidents(conditions, FINE, NOW))
        .extracting(Incident::service, Incident::kind)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("kept", "drift"));
    IncidentScan fiveMinutes =
        new IncidentScan(Duration.ofMinutes(5), Duration.ofMinutes(10), s -> false);
    assertThat(fiveMinutes.incidents(conditions, FINE, NOW)).isEmpty();
  }

  @Test
  void aFailingSourceIsAnIncidentOnceItHasFailedForSourceAfter() {
    IncidentScan tenMinutes =
        new IncidentScan(Duration.ofMinutes(2), Duration.ofMinutes(10), s -> true);
    assertThat(tenMinutes.incidents(List.of(), failingSince(Duration.ofMinutes(5)), NOW)).isEmpty();
    IncidentScan fourMinutes =
        new IncidentScan(Duration.ofMinutes(2), Duration.ofMinutes(4), s -> true);
    assertThat(fourMinutes.incidents(List.of(), failingSince(Duration.ofMinutes(5)), NOW))
        .singleElement()
        .satisfies(
            i -> {
              assertThat(i.kind()).isEqualTo("source_failing");
              assertThat(i.since()).isEqualTo(NOW.minus(Duration.ofMinutes(5)));
            });
  }
}
