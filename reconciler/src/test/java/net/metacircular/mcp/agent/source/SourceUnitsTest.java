package net.metacircular.mcp.agent.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import net.metacircular.mcp.agent.config.SourceConfig;
import org.junit.jupiter.api.Test;

/** The git source's small parts, without git. */
class SourceUnitsTest {
  @Test
  void pollDelaysStayWithinTenPercentOfTheInterval() {
    PollSchedule schedule = new PollSchedule(Duration.ofSeconds(60), new SplittableRandom(42));
    for (int i = 0; i < 1000; i++) {
      assertThat(schedule.nextDelay()).isBetween(Duration.ofSeconds(54), Duration.ofSeconds(66));
    }
  }

  @Test
  void pollDelaysFollowTheRandomSource() {
    assertThat(new PollSchedule(Duration.ofSeconds(100), fixed(0.0)).nextDelay())
        .isEqualTo(Duration.ofSeconds(90));
    assertThat(new PollSchedule(Duration.ofSeconds(100), fixed(0.5)).nextDelay())
        .isEqualTo(Duration.ofSeconds(100));
    assertThat(new PollSchedule(Duration.ofSeconds(100), fixed(0.999999)).nextDelay())
        .isEqualTo(Duration.ofSeconds(110));
    assertThatThrownBy(() -> new PollSchedule(Duration.ZERO, fixed(0.5)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static RandomGenerator fixed(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  @Test
  void urlsLoseTheirUserinfo() {
    assertThat(Redact.url("https://x-access-token:s3cret@git.example.net/ops/services.git"))
        .isEqualTo("https://git.example.net/ops/services.git");
    assertThat(Redact.url("ssh://git@git.example.net:2222/ops/services.git"))
        .isEqualTo("ssh://git.example.net:2222/ops/services.git");
    assertThat(Redact.url("git@github.com:ops/services.git"))
        .isEqualTo("github.com:ops/services.git");
    assertThat(Redact.url("file:///srv/git/services.git"))
        .isEqualTo("file:///srv/git/services.git");
    assertThat(Redact.url("https://u:p@ss@host/x")).isEqualTo("https://host/x");
  }

  @Test
  void messagesLoseSecretsAndUserinfo() {
    assertThat(
            Redact.text(
                "https://user:tok123@host/x: not authorized (token tok123)", List.of("tok123")))
        .isEqualTo("https://host/x: not authorized (token ***)")
        .doesNotContain("tok123");
    assertThat(Redact.text(null, List.of())).isEmpty();
  }

  @Test
  void remotesAreRecognisedByTheirUrl(@org.junit.jupiter.api.io.TempDir Path tmp) {
    assertThat(kind("ssh://git@host/x.git", tmp)).isEqualTo(RemoteAccess.Kind.SSH);
    assertThat(kind("git@github.com:ops/services.git", tmp)).isEqualTo(RemoteAccess.Kind.SSH);
    assertThat(kind("https://host/x.git", tmp)).isEqualTo(RemoteAccess.Kind.HTTP);
    assertThat(kind("file:///srv/x.git", tmp)).isEqualTo(RemoteAccess.Kind.LOCAL);
    assertThat(kind("/srv/x.git", tmp)).isEqualTo(RemoteAccess.Kind.LOCAL);
    try (RemoteAccess scp =
        new RemoteAccess(GitSourceSettings.of("git@github.com:ops/services.git", "main"), tmp)) {
      assertThat(scp.remoteUrl()).isEqualTo("git@github.com:ops/services.git");
      assertThat(scp.shown()).isEqualTo("github.com:ops/services.git");
      assertThat(scp.scrub("DefaultConnectFuture[git@/1.2.3.4:22]"))
          .isEqualTo("DefaultConnectFuture[/1.2.3.4:22]");
    }
    try (RemoteAccess https =
        new RemoteAccess(GitSourceSettings.of("https://u:pw123@host/x.git", "main"), tmp)) {
      assertThat(https.remoteUrl()).isEqualTo("https://host/x.git");
      assertThat(https.scrub("failed with pw123")).isEqualTo("failed with ***");
    }
  }

  private static RemoteAccess.Kind kind(String url, Path tmp) {
    try (RemoteAccess a = new RemoteAccess(GitSourceSettings.of(url, "main"), tmp)) {
      return a.kind();
    }
  }

  @Test
  void settingsNormaliseThePathAndRefuseEscapes() {
    GitSourceSettings s = GitSourceSettings.of("file:///x", "main");
    assertThat(s.path()).isEqualTo(".");
    assertThat(s.withPath("./services/").path()).isEqualTo("services");
    assertThat(s.withPath("a/b").path()).isEqualTo("a/b");
    assertThat(s.withPath("").path()).isEqualTo(".");
    for (String bad : List.of("../x", "/etc", "a/../b", ".git", "a//b")) {
      assertThatThrownBy(() -> s.withPath(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> GitSourceSettings.of("file:///x", "refs/heads/main"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void settingsComeFromTheAgentsSourceConfig() {
    SourceConfig config =
        new SourceConfig(
            Optional.of("ssh://git@host/ops/services.git"),
            Optional.empty(),
            "prod",
            "services",
            Duration.ofSeconds(30),
            Optional.of(Path.of("/srv/mcp/deploy_key")),
            Optional.of(Path.of("/srv/mcp/known_hosts")),
            Optional.empty(),
            "oauth2",
            Optional.of(Path.of("/srv/mcp/ca.pem")),
            Optional.empty(),
            false,
            Optional.empty());

    GitSourceSettings s = GitSourceSettings.from(config);

    assertThat(s.url()).isEqualTo("ssh://git@host/ops/services.git");
    assertThat(s.branch()).isEqualTo("prod");
    assertThat(s.path()).isEqualTo("services");
    assertThat(s.sshKey()).contains(Path.of("/srv/mcp/deploy_key"));
    assertThat(s.knownHosts()).contains(Path.of("/srv/mcp/known_hosts"));
    assertThat(s.tokenUser()).isEqualTo("oauth2");
    assertThat(s.caFile()).contains(Path.of("/srv/mcp/ca.pem"));
  }

  @Test
  void changeSummariesCompareServiceFiles() {
    ChangeSummary c =
        ChangeSummary.between(
            Map.of("a.toml", "1", "b.toml", "1", "c.toml", "1", "notes.md", "x"),
            Map.of("a.toml", "1", "b.toml", "2", "d.toml", "1", "other.md", "y"));

    assertThat(c.added()).containsExactly("d");
    assertThat(c.changed()).containsExactly("b");
    assertThat(c.removed()).containsExactly("c");
    assertThat(c.isEmpty()).isFalse();
    assertThat(ChangeSummary.NONE.isEmpty()).isTrue();
    assertThat(ChangeSummary.NONE).hasToString("no service changed");
  }

  @Test
  void hostsAreNamedAsKnownHostsNamesThem() {
    InetSocketAddress remote = new InetSocketAddress("127.0.0.1", 2222);
    assertThat(KnownHostsDatabase.HostPort.parse("[127.0.0.1]:2222", remote))
        .hasToString("[127.0.0.1]:2222");
    assertThat(
            KnownHostsDatabase.HostPort.parse(
                "git.example.net", new InetSocketAddress("127.0.0.1", 22)))
        .hasToString("git.example.net");
  }
}
