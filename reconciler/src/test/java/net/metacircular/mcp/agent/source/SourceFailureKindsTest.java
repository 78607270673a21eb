package net.metacircular.mcp.agent.source;

import static net.metacircular.mcp.agent.source.GitRemote.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import net.metacircular.mcp.agent.source.SourceException.Kind;
import net.metacircular.mcp.agent.testing.RequiresExecutables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of source failure produced for real (a file remote, the sshd and https fixtures, a
 * closed port, a name that does not resolve) and sorted from exception types, not messages.
 */
@RequiresExecutables({
  "git",
  "sshd",
  "ssh-keygen",
  "git-upload-pack",
  "nginx",
  "fcgiwrap",
  "openssl"
})
class SourceFailureKindsTest {
  @TempDir Path tmp;
  private GitRemote remote;
  private int fresh;

  @BeforeEach
  void setUp() {
    remote = new GitRemote(tmp.resolve("remote"));
    remote.commit("one", "a.toml", service("a", "a:v1"));
  }

  private Kind kindOf(GitSourceSettings settings) {
    try (GitSource s =
        new GitSource(settings, tmp.resolve("wc" + fresh++), CommitVerifier.TRUST_ALL)) {
      SourceException e = catchThrowableOfType(SourceException.class, s::fetch);
      assertThat(e).as("the fetch must fail").isNotNull();
      return e.kind();
    }
  }

  @Test
  void aMissingRepositoryIsNotFoundAndAMissingBranchABadRef() {
    assertThat(kindOf(GitSourceSettings.of(remote.fileUrl() + "-gone", "main")))
        .isEqualTo(Kind.NOT_FOUND);
    assertThat(kindOf(GitSourceSettings.of(remote.fileUrl(), "prod"))).isEqualTo(Kind.BAD_REF);
  }

  @Test
  void anUnknownHostAndAClosedPortAreNetworkFailures() throws Exception {
    assertThat(kindOf(GitSourceSettings.of("https://no-such-host.invalid/x.git", "main")))
        .isEqualTo(Kind.NETWORK);
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    assertThat(kindOf(GitSourceSettings.of("https://127.0.0.1:" + closed + "/x.git", "main")))
        .isEqualTo(Kind.NETWORK);
  }

  @Test
  void overHttpsAWrongTokenIsAuthAnUntrustedCertificateTlsAMissingRepoNotFound() throws Exception {
    HttpsGitServer server =
        new HttpsGitServer(tmp.resolve("nginx"), tmp.resolve("remote"), "u", "t");
    try {
      Path wrong = Files.writeString(tmp.resolve("wrong"), "wrong-token\n");
      Path right = Files.writeString(tmp.resolve("right"), "t\n");
      String url = server.url("services.git");
      assertThat(
              kindOf(
                  GitSourceSettings.of(url, "main")
                      .withToken(wrong, "u")
                      .withCaFile(server.certificate())))
          .isEqualTo(Kind.AUTH);
      assertThat(kindOf(GitSourceSettings.of(url, "main").withToken(right, "u")))
          .isEqualTo(Kind.TLS);
      assertThat(
              kindOf(
                  GitSourceSettings.of(server.url("nope.git"), "main")
                      .withToken(right, "u")
                      .withCaFile(server.certificate())))
          .isEqualTo(Kind.NOT_FOUND);
      assertThat(
              kindOf(
                  GitSourceSettings.of(url, "prod")
                      .withToken(right, "u")
                      .withCaFile(server.certificate())))
          .isEqualTo(Kind.BAD_REF);
    } finally {
      server.close();
    }
  }

  @Test
  void overSshARefusedKeyIsAuthAnUnknownHostKeyHostKeyAStoppedServerNetwork() throws Exception {
    SshServer sshd = new SshServer(tmp.resolve("sshd")).start();
    try {
      Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), sshd.knownHostsLine());
      Path nobody = Files.writeString(tmp.resolve("nobody"), "# nobody\n");
      Path stranger = tmp.resolve("stranger_key");
      SshServer.keygen(stranger, "stranger");
      GitSourceSettings ok =
          GitSourceSettings.of(sshd.url(remote.bare()), "main")
              .withSsh(sshd.deployKey(), knownHosts)
              .withTimeout(Duration.ofSeconds(10));
      assertThat(kindOf(ok.withSsh(stranger, knownHosts))).isEqualTo(Kind.AUTH);
      assertThat(kindOf(ok.withSsh(sshd.deployKey(), nobody))).isEqualTo(Kind.HOST_KEY);
      assertThat(
              kindOf(
                  GitSourceSettings.of(sshd.url(remote.bare()), "prod")
                      .withSsh(sshd.deployKey(), knownHosts)
                      .withTimeout(Duration.ofSeconds(10))))
          .isEqualTo(Kind.BAD_REF);
      sshd.stop();
      assertThat(kindOf(ok)).isEqualTo(Kind.NETWORK);
    } finally {
      sshd.close();
    }
  }
}
