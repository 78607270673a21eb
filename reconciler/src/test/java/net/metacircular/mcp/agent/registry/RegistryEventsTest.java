package net.metacircular.mcp.agent.registry;

import static net.metacircular.mcp.agent.registry.Fixtures.C1;
import static net.metacircular.mcp.agent.registry.Fixtures.C2;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.metacircular.mcp.agent.testing.TestClock;
import net.metacircular.mcp.agent.testing.TestRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RegistryEventsTest {
  @RegisterExtension final TestRegistry db = new TestRegistry();
  final TestClock clock = db.clock();
  final Registry registry = db.registry();

  @Test
  void anEventRoundTrips() {
    Event e =
        registry.appendEvent(
            NewEvent.ofComponent(
                    EventKind.RECREATED,
                    "metacrypt",
                    "web",
                    "recreated metacrypt-web: image v1.4.2 → v1.4.3")
                .withCommit(C2));

    assertThat(e.id()).isPositive();
    assertThat(e.at()).isEqualTo(clock.instant());
    assertThat(registry.events(EventQuery.recent(1))).containsExactly(e);
    assertThat(e.service()).contains("metacrypt");
    assertThat(e.component()).contains("web");
    assertThat(e.kind()).isEqualTo(EventKind.RECREATED);
    assertThat(e.message()).isEqualTo("recreated metacrypt-web: image v1.4.2 → v1.4.3");
    assertThat(e.commit()).contains(C2);

    Event source = registry.appendEvent(NewEvent.ofSource(EventKind.SYNCED, "synced to " + C1));
    assertThat(registry.events(EventQuery.recent(1))).containsExactly(source);
    assertThat(source.service()).isEmpty();
    assertThat(source.component()).isEmpty();
    assertThat(source.commit()).isEmpty();
  }

  @Test
  void everyKindIsStoredAsItsWord() {
    for (EventKind k : EventKind.values()) {
      registry.appendEvent(NewEvent.ofService(k, "metacrypt", k.word()));
    }
    List<Event> all = registry.events(EventQuery.recent(100).oldestFirst());
    assertThat(all).extracting(Event::kind).containsExactly(EventKind.values());
    assertThat(all).extracting(Event::message).contains("out-of-sync", "synced", "created");
    assertThat(EventKind.fromWord("out-of-sync")).isEqualTo(EventKind.OUT_OF_SYNC);
    assertThat(EventKind.OUT_OF_SYNC).hasToString("out-of-sync");
  }

  @Test
  void queriesFilterByServiceSinceAndLimitNewestFirst() {
    Instant t0 = clock.instant();
    Event a1 = append("alpha", "a1");
    clock.advance(Duration.ofMinutes(1));
    Event b1 = append("beta", "b1");
    Instant t1 = clock.advance(Duration.ofMinutes(1));
    Event a2 = append("alpha", "a2");
    clock.advance(Duration.ofMinutes(1));
    Event s1 = registry.appendEvent(NewEvent.ofSource(EventKind.SYNCED, "s1"));
    clock.advance(Duration.ofMinutes(1));
    Event a3 = append("alpha", "a3");

    assertThat(registry.events(EventQuery.recent(100))).containsExactly(a3, s1, a2, b1, a1);
    assertThat(registry.events(EventQuery.recent(2))).containsExactly(a3, s1);
    assertThat(registry.events(EventQuery.recent(100).forService("alpha")))
        .containsExactly(a3, a2, a1);
    assertThat(registry.events(EventQuery.recent(100).forService("beta"))).containsExactly(b1);
    assertThat(registry.events(EventQuery.recent(100).forService("gamma"))).isEmpty();
    assertThat(registry.events(EventQuery.recent(100).since(t1))).containsExactly(a3, s1, a2);
    assertThat(registry.events(EventQuery.recent(100).since(t0))).hasSize(5);
    assertThat(registry.events(EventQuery.recent(100).since(clock.instant().plusMillis(1))))
        .isEmpty();
    assertThat(registry.events(EventQuery.recent(1).forService("alpha").since(t1)))
        .containsExactly(a3);
  }

  @Test
  void oldestFirstReadsInAppendOrder() {
    Event a1 = append("alpha", "a1");
    Event b1 = append("beta", "b1");
    Instant t = clock.advance(Duration.ofSeconds(1));
    Event a2 = append("alpha", "a2");
    Event a3 = append("alpha", "a3");

    assertThat(registry.events(EventQuery.recent(100).oldestFirst()))
        .containsExactly(a1, b1, a2, a3);
    assertThat(registry.events(EventQuery.recent(2).oldestFirst())).containsExactly(a1, b1);
    assertThat(registry.events(EventQuery.recent(100).forService("alpha").since(t).oldestFirst()))
        .containsExactly(a2, a3);
  }

  @Test
  void idsKeepIncreasingWhenTheClockGoesBack() {
    Event first = append("alpha", "first");
    clock.advance(Duration.ofHours(-1));
    Event second = append("alpha", "second");
    assertThat(second.id()).isGreaterThan(first.id());
    assertThat(registry.events(EventQuery.recent(10))).containsExactly(second, first);
  }

  @Test
  void sourceStateRoundTrips() {
    SourceState empty = registry.sourceState();
    assertThat(empty)
        .isEqualTo(
            new SourceState(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));

    Instant fetched = clock.instant();
    registry.recordFetch(C1);
    registry.recordSourceApplied(C1);
    assertThat(registry.sourceState())
        .isEqualTo(
            new SourceState(
                Optional.of(C1),
                Optional.of(C1),
                Optional.of(fetched),
                Optional.of(fetched),
                Optional.empty(),
                Optional.empty()));

    Instant failedAt = clock.advance(Duration.ofMinutes(1));
    registry.recordSourceError("fetch ssh://git@git.example.net/ops/services.git: timeout");
    Instant failedAgain = clock.advance(Duration.ofMinutes(1));
    SourceState failing = registry.recordSourceError("network", "fetch: connection refused");
    assertThat(failing.healthy()).isFalse();
    assertThat(failing.errorKind()).contains("network");
    assertThat(failing.lastError()).contains("fetch: connection refused");
    assertThat(failing.errorSince()).contains(failedAt);
    assertThat(failing.lastFetchAt()).contains(failedAgain);
    assertThat(failing.lastSuccessAt()).contains(fetched);
    assertThat(failing.fetchedCommit()).contains(C1);

    Instant recovered = clock.advance(Duration.ofMinutes(1));
    SourceState healthy = registry.recordFetch(C2);
    assertThat(healthy.healthy()).isTrue();
    assertThat(healthy.errorSince()).isEmpty();
    assertThat(healthy.errorKind()).isEmpty();
    assertThat(healthy.fetchedCommit()).contains(C2);
    assertThat(healthy.appliedCommit()).contains(C1);
    assertThat(healthy.lastSuccessAt()).contains(recovered);
    assertThat(registry.sourceState()).isEqualTo(healthy);
  }

  private Event append(String service, String message) {
    return registry.appendEvent(NewEvent.ofService(EventKind.SYNCED, service, message));
  }
}
