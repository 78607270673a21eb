package net.metacircular.mcp.agent.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import net.metacircular.mcp.agent.runtime.RuntimeEvent;
import org.junit.jupiter.api.Test;

/**
 * What podman 4.3.1 sends after rotating its event log: the events the new log holds, again, from
 * minutes back up to now; then new ones.
 */
class ReplayFilterTest {
  private static final Instant T = Instant.parse("2026-12-03T14:06:18.779104525Z");

  private static RuntimeEvent at(String action, long millis) {
    return RuntimeEvent.of(action, "c0ffee", "svc-web", T.plusMillis(millis));
  }

  private static List<String> fresh(ReplayFilter f, RuntimeEvent... events) {
    return java.util.Arrays.stream(events)
        .filter(f::fresh)
        .map(e -> e.action() + "@" + (e.time().toEpochMilli() - T.toEpochMilli()))
        .toList();
  }

  @Test
  void eventsSentAgainAfterARotationAreDroppedAndTheNextNewOneIsKept() {
    ReplayFilter f = new ReplayFilter();
    assertThat(fresh(f, at("start", 0), at("kill", 60_000), at("died", 60_010)))
        .containsExactly("start@0", "kill@60000", "died@60010");
    // The rotation: the whole retained log again, including the last events seen, then a new one.
    assertThat(fresh(f, at("start", 0), at("kill", 60_000), at("died", 60_010), at("died", 60_011)))
        .containsExactly("died@60011");
    assertThat(f.newest()).contains(T.plusMillis(60_011));
  }

  @Test
  void anEventWrittenAMomentAfterANewerOneIsStillNew() {
    ReplayFilter f = new ReplayFilter();
    // Two podman processes: one stamped its event first but took the log's lock second.
    assertThat(fresh(f, at("died", 2_000), at("remove", 1_500), at("create", 2_100)))
        .containsExactly("died@2000", "remove@1500", "create@2100");
    assertThat(f.newest()).contains(T.plusMillis(2_100));
  }

  @Test
  void eventsOfTheSameInstantAreAllNew() {
    ReplayFilter f = new ReplayFilter();
    // A clock that does not move (the in-memory runtime's): a crash and the stop that follows.
    assertThat(fresh(f, at("died", 0), at("start", 0), at("died", 0)))
        .containsExactly("died@0", "start@0", "died@0");
  }
}
