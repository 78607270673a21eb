package net.metacircular.mcp.agent.source;

import static net.metacircular.mcp.agent.source.GitRemote.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.metacircular.mcp.agent.testing.RequiresExecutables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GitSource} over https to git http-backend behind a real nginx and fcgiwrap. */
@RequiresExecutables({"git", "nginx", "fcgiwrap", "openssl"})
class GitSourceHttpsTest {
  private static final String USER = "x-access-token";
  private static final String TOKEN = "glpat-S3cr3tT0ken-do-not-leak";

  @TempDir Path tmp;
  private GitRemote remote;
  private HttpsGitServer server;
  private Path tokenFile;
  private Path workingCopy;
  private final List<GitSource> sources = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    remote = new GitRemote(tmp.resolve("remote"));
    server = new HttpsGitServer(tmp.resolve("nginx"), tmp.resolve("remote"), USER, TOKEN);
    tokenFile = Files.writeString(tmp.resolve("token"), TOKEN + "\n");
    workingCopy = tmp.resolve("data/services");
  }

  @AfterEach
  void tearDown() {
    sources.forEach(GitSource::close);
    server.close();
  }

  private GitSource source(GitSourceSettings settings) {
    GitSource s = new GitSource(settings, workingCopy, CommitVerifier.TRUST_ALL);
    sources.add(s);
    return s;
  }

  private GitSourceSettings settings() {
    return GitSourceSettings.of(server.url("services.git"), "main")
        .withToken(tokenFile, USER)
        .withCaFile(server.certificate());
  }

  @Test
  void clonesAndFollowsNewCommitsWithAToken() throws Exception {
    String one = remote.commit("one", "a.toml", service("a", "a:v1"));
    GitSource s = source(settings());

    assertThat(s.fetch().revision()).isEqualTo(one);
    String two = remote.commit("two", "b.toml", service("b", "b:v1"));
    assertThat(s.fetch().revision()).isEqualTo(two);
    assertThat(Files.readString(workingCopy.resolve(".git/config"))).doesNotContain(TOKEN);
  }

  @Test
  void aWrongTokenIsRefusedWithoutShowingIt() throws Exception {
    remote.commit("one", "a.toml", service("a", "a:v1"));
    Files.writeString(tokenFile, "wrong-token-value\n");

    assertThatThrownBy(() -> source(settings()).fetch())
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("cannot fetch branch main from " + server.url("services.git"))
        .hasMessageContaining("not authorized")
        .hasMessageNotContaining("wrong-token-value")
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void withoutTheCaFileTheSelfSignedCertificateIsNotTrusted() {
    remote.commit("one", "a.toml", service("a", "a:v1"));
    GitSourceSettings noCa =
        GitSourceSettings.of(server.url("services.git"), "main").withToken(tokenFile, USER);

    assertThatThrownBy(() -> source(noCa).fetch())
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("cannot fetch branch main from " + server.url("services.git"))
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void credentialsInTheUrlWorkButAreNeverShownOrStored() throws Exception {
    String one = remote.commit("one", "a.toml", service("a", "a:v1"));
    String url =
        server.url("services.git").replace("https://", "https://" + USER + ":" + TOKEN + "@");
    GitSource s =
        source(
            new GitSourceSettings(
                url,
                "main",
                ".",
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                java.util.Optional.empty(),
                USER,
                java.util.Optional.of(server.certificate()),
                GitSourceSettings.DEFAULT_TIMEOUT));

    assertThat(s.fetch().revision()).isEqualTo(one);
    assertThat(s.describe()).doesNotContain(TOKEN).doesNotContain(USER + "@");
    assertThat(Files.readString(workingCopy.resolve(".git/config"))).doesNotContain(TOKEN);

    server.close();
    assertThatThrownBy(s::fetch)
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("cannot fetch branch main from " + server.url("services.git"))
        .hasMessageNotContaining(TOKEN)
        .hasMessageNotContaining(USER + ":");
  }
}
