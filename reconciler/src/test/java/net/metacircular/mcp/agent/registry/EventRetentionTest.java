package net.metacircular.mcp.agent.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.metacircular.mcp.agent.testing.TestClock;
import net.metacircular.mcp.agent.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code [registry] keep_events} on a real SQLite registry and a clock the test moves. */
class EventRetentionTest {
  @RegisterExtension final TestRegistry db = new TestRegistry();
  final TestClock clock = db.clock();
  final Registry registry = db.registry();

  private void event(String message) {
    registry.appendEvent(NewEvent.ofService(EventKind.SYNCED, "web", message));
  }

  @Test
  void eventsOlderThanKeepEventsAreDeletedAtOnceThenAtMostHourly() {
    event("old");
    clock.advance(Duration.ofDays(2));
    event("recent");
    EventRetention retention = new EventRetention(registry, Duration.ofDays(1), clock);

    assertThat(retention.trimIfDue()).hasValue(1);
    assertThat(registry.events(EventQuery.recent(10)))
        .extracting(Event::message)
        .containsExactly("recent");

    clock.advance(Duration.ofMinutes(30));
    assertThat(retention.trimIfDue()).as("not due: trimmed 30 minutes ago").isEmpty();

    clock.advance(Duration.ofDays(1));
    assertThat(retention.trimIfDue()).hasValue(1);
    assertThat(registry.events(EventQuery.recent(10))).isEmpty();
  }

  @Test
  void eventsWithinKeepEventsStay() {
    event("a");
    clock.advance(Duration.ofDays(89));
    event("b");
    EventRetention retention = new EventRetention(registry, Duration.ofDays(90), clock);

    assertThat(retention.trimIfDue()).hasValue(0);
    assertThat(registry.events(EventQuery.recent(10))).hasSize(2);
  }
}
