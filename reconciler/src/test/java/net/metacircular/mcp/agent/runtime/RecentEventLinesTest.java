package net.metacircular.mcp.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What podman 4.3.1 sends after rotating its event log: the events the new log holds, again, from
 * minutes back up to now, then new ones; or, from a {@code podman events} started again from {@link
 * RecentEventLines#replayFrom}, the last seconds again.
 */
class RecentEventLinesTest {
  private static final Instant T = Instant.parse("2026-12-03T14:06:18.779104525Z");

  /** An event of podman's as a line and its time: {@code action@millis after T}. */
  private record Line(String action, long millis) {
    Instant time() {
      return T.plusMillis(millis);
    }

    String json() {
      return "{\"ID\":\"c0ffee\",\"Status\":\"" + action + "\",\"Time\":\"" + time() + "\"}";
    }
  }

  private static Line at(String action, long millis) {
    return new Line(action, millis);
  }

  private static List<String> fresh(RecentEventLines recent, Line... lines) {
    return Arrays.stream(lines)
        .filter(l -> recent.firstTime(l.json(), l.time()))
        .map(l -> l.action() + "@" + l.millis())
        .toList();
  }

  @Test
  void eventsSentAgainAfterARotationAreDroppedAndTheNextNewOneIsKept() {
    RecentEventLines recent = new RecentEventLines();
    assertThat(fresh(recent, at("start", 0), at("kill", 60_000), at("died", 60_010)))
        .containsExactly("start@0", "kill@60000", "died@60010");
    // The rotation: the whole retained log again, including the last events seen, then a new one.
    assertThat(
            fresh(
                recent, at("start", 0), at("kill", 60_000), at("died", 60_010), at("died", 60_011)))
        .containsExactly("died@60011");
  }

  @Test
  void aRestartFromReplayFromSendsOnlyWhatWasNotSentBefore() {
    RecentEventLines recent = new RecentEventLines();
    assertThat(fresh(recent, at("start", 0), at("died", 9_000), at("create", 10_000))).hasSize(3);
    assertThat(recent.replayFrom()).contains(T.plusMillis(10_000).minus(RecentEventLines.OVERLAP));
    // podman again from 5 s back: the two seen come again; one stamped before the newest but
    // written after it (it waited for the log's lock), and one after, are new.
    assertThat(
            fresh(
                recent,
                at("died", 9_000),
                at("remove", 9_500),
                at("create", 10_000),
                at("start", 10_100)))
        .containsExactly("remove@9500", "start@10100");
  }

  @Test
  void anEventWrittenAMomentAfterANewerOneIsStillNew() {
    RecentEventLines recent = new RecentEventLines();
    // Two podman processes: one stamped its event first but took the log's lock second.
    assertThat(fresh(recent, at("died", 2_000), at("remove", 1_500), at("create", 2_100)))
        .containsExactly("died@2000", "remove@1500", "create@2100");
    assertThat(recent.replayFrom()).contains(T.plusMillis(2_100).minus(RecentEventLines.OVERLAP));
  }

  @Test
  void differentEventsOfTheSameInstantAreAllNew() {
    RecentEventLines recent = new RecentEventLines();
    assertThat(fresh(recent, at("died", 0), at("start", 0), at("cleanup", 0)))
        .containsExactly("died@0", "start@0", "cleanup@0");
    assertThat(fresh(recent, at("died", 0))).isEmpty();
  }

  @Test
  void nothingSeenYetReplaysFromWhereTheStreamBegan() {
    assertThat(new RecentEventLines().replayFrom()).isEmpty();
  }
}
