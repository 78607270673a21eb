package net.metacircular.mcp.agent.source;

import static net.metacircular.mcp.agent.source.GitRemote.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.metacircular.mcp.agent.testing.RequiresExecutables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GitSource} over ssh to a real sshd, with a deploy key and a strict known_hosts. */
@RequiresExecutables({"git", "sshd", "ssh-keygen", "git-upload-pack"})
class GitSourceSshTest {
  @TempDir Path tmp;
  private GitRemote remote;
  private SshServer sshd;
  private Path knownHosts;
  private Path workingCopy;
  private final List<GitSource> sources = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    remote = new GitRemote(tmp.resolve("remote"));
    sshd = new SshServer(tmp.resolve("sshd")).start();
    knownHosts = Files.writeString(tmp.resolve("known_hosts"), sshd.knownHostsLine());
    workingCopy = tmp.resolve("data/services");
  }

  @AfterEach
  void tearDown() {
    sources.forEach(GitSource::close);
    sshd.close();
  }

  private GitSource source(GitSourceSettings settings) {
    GitSource s = new GitSource(settings, workingCopy, CommitVerifier.TRUST_ALL);
    sources.add(s);
    return s;
  }

  private GitSourceSettings settings() {
    return GitSourceSettings.of(sshd.url(remote.bare()), "main")
        .withSsh(sshd.deployKey(), knownHosts)
        .withTimeout(Duration.ofSeconds(10));
  }

  @Test
  void clonesAndFollowsNewCommitsOverSsh() {
    String one = remote.commit("one", "a.toml", service("a", "a:v1"));
    GitSource s = source(settings());

    assertThat(s.fetch().revision()).isEqualTo(one);
    String two = remote.commit("two", "b.toml", service("b", "b:v1"));
    SourceSnapshot snap = s.fetch();

    assertThat(snap.revision()).isEqualTo(two);
    assertThat(snap.files()).containsOnlyKeys("a.toml", "b.toml");
    assertThat(s.describe())
        .startsWith("ssh://127.0.0.1:" + sshd.port())
        .doesNotContain(System.getProperty("user.name") + "@");
  }

  @Test
  void aStoppedServerFailsClearlyThenTheSourceRecovers() {
    remote.commit("one", "a.toml", service("a", "a:v1"));
    GitSource s = source(settings());
    s.fetch();
    String two = remote.commit("two", "b.toml", service("b", "b:v1"));
    sshd.stop();

    assertThatThrownBy(s::fetch)
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("cannot fetch branch main from ssh://127.0.0.1:" + sshd.port())
        .hasMessageNotContaining(System.getProperty("user.name") + "@");
    assertThat(workingCopy.resolve("b.toml")).doesNotExist();

    sshd.start();
    assertThat(s.fetch().revision()).isEqualTo(two);
  }

  @Test
  void aChangedHostKeyIsRefusedNamingHostAndKnownHostsFile() throws Exception {
    remote.commit("one", "a.toml", service("a", "a:v1"));
    Path otherKey = tmp.resolve("other_host_key");
    SshServer.keygen(otherKey, "impostor");
    Files.writeString(knownHosts, sshd.knownHostsLine(tmp.resolve("other_host_key.pub")));

    assertThatThrownBy(() -> source(settings()).fetch())
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("host key of [127.0.0.1]:" + sshd.port())
        .hasMessageContaining("does not match")
        .hasMessageContaining(knownHosts.toString());
    assertThat(workingCopy.resolve("a.toml")).doesNotExist();
  }

  @Test
  void anUnknownHostIsRefused() throws Exception {
    remote.commit("one", "a.toml", service("a", "a:v1"));
    Files.writeString(knownHosts, "# nobody\n");

    assertThatThrownBy(() -> source(settings()).fetch())
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("host [127.0.0.1]:" + sshd.port() + " is not in known_hosts file")
        .hasMessageContaining(knownHosts.toString());
  }

  @Test
  void aKeyTheServerDoesNotKnowIsRefused() throws Exception {
    remote.commit("one", "a.toml", service("a", "a:v1"));
    Path stranger = tmp.resolve("stranger_key");
    SshServer.keygen(stranger, "stranger");

    assertThatThrownBy(() -> source(settings().withSsh(stranger, knownHosts)).fetch())
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("cannot fetch branch main from ssh://127.0.0.1:" + sshd.port());
  }

  @Test
  void aHungRemoteTimesOut() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      while (true) {
                        held.add(silent.accept());
                      }
                    } catch (IOException e) {
                      // closed
                    }
                  });
      GitSourceSettings hung =
          new GitSourceSettings(
              "ssh://git@127.0.0.1:" + silent.getLocalPort() + "/srv/services.git",
              "main",
              ".",
              java.util.Optional.of(sshd.deployKey()),
              java.util.Optional.of(knownHosts),
              java.util.Optional.empty(),
              GitSourceSettings.DEFAULT_TOKEN_USER,
              java.util.Optional.empty(),
              Duration.ofSeconds(2));
      long start = System.nanoTime();

      assertThatThrownBy(() -> source(hung).fetch())
          .isInstanceOf(SourceException.class)
          .hasMessageContaining("cannot fetch branch main from ssh://127.0.0.1:");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
      silent.close();
      acceptor.join(5000);
      for (Socket s : held) {
        s.close();
      }
    }
  }
}
