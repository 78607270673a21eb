package net.metacircular.mcp.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.metacircular.mcp.agent.source.CommitVerifier;
import net.metacircular.mcp.agent.source.GitRemote;
import net.metacircular.mcp.agent.source.GitSource;
import net.metacircular.mcp.agent.source.GitSourceSettings;
import net.metacircular.mcp.agent.source.SourceException;
import net.metacircular.mcp.agent.testing.RequiresExecutables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real git remote made unreachable for an hour of agent time (a clock advanced by each poll): a
 * couple of WARN lines, not one per poll, and one INFO line when it comes back.
 */
@RequiresExecutables("git")
class SourceFailureLogTest {
  /** A clock the test moves. */
  private static final class StepClock extends Clock {
    private Instant now = Instant.parse("2026-12-03T08:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @Test
  void aRemoteDownForAnHourLogsAtMostTwoWarningsAndOneInfoWhenItIsBack(@TempDir Path tmp)
      throws Exception {
    GitRemote remote = new GitRemote(tmp.resolve("remote"));
    remote.commit(
        "one",
        "a.toml",
        "name = \"a\"\nnode = \"rift\"\n\n[[components]]\nname = \"api\"\nimage = \"a:v1\"\n");
    StepClock clock = new StepClock();
    SourceFailureLog log = new SourceFailureLog(clock, ReconcileLoop.REMINDER);
    List<SourceFailureLog.Line> lines = new ArrayList<>();
    try (GitSource source =
        new GitSource(
            GitSourceSettings.of(remote.fileUrl(), "main"),
            tmp.resolve("wc"),
            CommitVerifier.TRUST_ALL)) {
      source.fetch();
      Path away = tmp.resolve("moved-away.git");
      Files.move(remote.bare(), away);
      // 60 polls a minute apart: one hour of a remote that is gone.
      for (int i = 0; i <= 60; i++) {
        try {
          source.fetch();
        } catch (SourceException e) {
          assertThat(e.kind()).isEqualTo(SourceException.Kind.NOT_FOUND);
          log.failed(source.describe(), e).ifPresent(lines::add);
        }
        clock.advance(Duration.ofMinutes(1));
      }
      Files.move(away, remote.bare());
      source.fetch();
      log.succeeded(source.describe()).ifPresent(lines::add);
    }

    assertThat(lines.stream().filter(SourceFailureLog.Line::warn)).hasSize(2);
    assertThat(lines.get(0).text())
        .startsWith("cannot fetch branch main from " + remote.fileUrl())
        .contains("not_found");
    assertThat(lines.get(1).text()).contains("still failing after 1h");
    assertThat(lines).hasSize(3);
    assertThat(lines.get(2).warn()).isFalse();
    assertThat(lines.get(2).text()).contains("fetched again after failing for 1h1m");
  }

  @Test
  void aChangeOfReasonIsReportedAtOnceAndASecondRecoveryIsSilent() {
    StepClock clock = new StepClock();
    SourceFailureLog log = new SourceFailureLog(clock, ReconcileLoop.REMINDER);
    SourceException down = new SourceException(SourceException.Kind.NETWORK, "refused");
    SourceException auth = new SourceException(SourceException.Kind.AUTH, "not authorized");

    assertThat(log.failed("r", down)).isPresent();
    clock.advance(Duration.ofMinutes(1));
    assertThat(log.failed("r", down)).isEmpty();
    assertThat(log.failed("r", auth).orElseThrow().text()).contains("now auth");
    assertThat(log.succeeded("r")).isPresent();
    assertThat(log.succeeded("r")).isEmpty();
  }
}
