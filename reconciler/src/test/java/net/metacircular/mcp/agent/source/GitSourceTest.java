package net.metacircular.mcp.agent.source;

import static net.metacircular.mcp.agent.source.GitRemote.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.agent.testing.RequiresExecutables;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GitSource} against real bare repositories reached by {@code file://}. */
@RequiresExecutables("git")
class GitSourceTest {
  @TempDir Path tmp;
  private GitRemote remote;
  private Path workingCopy;
  private GitSource source;

  @BeforeEach
  void setUp() {
    remote = new GitRemote(tmp.resolve("remote"));
    workingCopy = tmp.resolve("data/services");
  }

  @AfterEach
  void tearDown() {
    if (source != null) {
      source.close();
    }
  }

  private GitSource source(GitSourceSettings settings, CommitVerifier verifier) {
    if (source != null) {
      source.close();
    }
    source = new GitSource(settings, workingCopy, verifier);
    return source;
  }

  private GitSource source() {
    return source(GitSourceSettings.of(remote.fileUrl(), "main"), CommitVerifier.TRUST_ALL);
  }

  @Test
  void theFirstFetchClonesAndReadsTheServiceFiles() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("metacrypt.toml", service("metacrypt", "metacrypt:v1"));
    files.put("mcias.toml", service("mcias", "mcias:v1"));
    files.put("README.md", "not a service");
    String commit = remote.commit("Add metacrypt and mcias", files);

    SourceSnapshot snap = source().fetch();

    assertThat(snap.revision()).isEqualTo(commit).hasSize(40);
    assertThat(snap.files()).containsOnlyKeys("mcias.toml", "metacrypt.toml");
    assertThat(snap.files().get("metacrypt.toml")).contains("metacrypt:v1");
    assertThat(snap.unreadable()).isEmpty();
    CommitInfo info = snap.commit().orElseThrow();
    assertThat(info.id()).isEqualTo(commit);
    assertThat(info.author()).isEqualTo("Ada Operator <ada@example.net>");
    assertThat(info.subject()).isEqualTo("Add metacrypt and mcias");
    assertThat(info.time()).isNotNull();
    assertThat(snap.changes().added()).containsExactly("mcias", "metacrypt");
    assertThat(snap.changes().changed()).isEmpty();
    assertThat(snap.changes().removed()).isEmpty();
    assertThat(workingCopy.resolve("metacrypt.toml")).exists();
    assertThat(source.describe()).contains(remote.fileUrl()).contains("branch main");
  }

  /** The working copy holds every spec (env values included) and .git/config the remote. */
  @Test
  void theWorkingCopyAndTheDataDirectoryItMadeAreReadableOnlyByTheAgentsUser() throws Exception {
    remote.commit("one", "a.toml", service("a", "a:v1"));
    source().fetch();
    for (Path dir : new Path[] {workingCopy, workingCopy.getParent()}) {
      assertThat(
              java.nio.file.attribute.PosixFilePermissions.toString(
                  java.nio.file.Files.getPosixFilePermissions(dir)))
          .as("%s", dir)
          .isEqualTo("rwx------");
    }
  }

  @Test
  void aNewCommitIsSeenWithWhatItAddedChangedAndRemoved() {
    Map<String, String> first = new LinkedHashMap<>();
    first.put("a.toml", service("a", "a:v1"));
    first.put("b.toml", service("b", "b:v1"));
    first.put("c.toml", service("c", "c:v1"));
    remote.commit("first", first);
    source().fetch();

    Map<String, String> second = new LinkedHashMap<>();
    second.put("a.toml", service("a", "a:v2"));
    second.put("c.toml", null);
    second.put("d.toml", service("d", "d:v1"));
    String commit = remote.commit("second", second);
    SourceSnapshot snap = source.fetch();

    assertThat(snap.revision()).isEqualTo(commit);
    assertThat(snap.files()).containsOnlyKeys("a.toml", "b.toml", "d.toml");
    assertThat(snap.files().get("a.toml")).contains("a:v2");
    assertThat(snap.changes().added()).containsExactly("d");
    assertThat(snap.changes().changed()).containsExactly("a");
    assertThat(snap.changes().removed()).containsExactly("c");
    assertThat(snap.changes()).hasToString("added d; changed a; removed c");

    SourceSnapshot again = source.fetch();
    assertThat(again.revision()).isEqualTo(commit);
    assertThat(again.changes().isEmpty()).isTrue();
  }

  @Test
  void aForcePushToAnOlderCommitIsFollowedExactly() throws Exception {
    String old = remote.commit("one", "a.toml", service("a", "a:v1"));
    source().fetch();
    remote.commit("two", "b.toml", service("b", "b:v1"));
    assertThat(source.fetch().files()).containsOnlyKeys("a.toml", "b.toml");

    remote.forcePush(old);
    SourceSnapshot snap = source.fetch();

    assertThat(snap.revision()).isEqualTo(old);
    assertThat(snap.files()).containsOnlyKeys("a.toml");
    assertThat(snap.changes().removed()).containsExactly("b");
    assertThat(workingCopy.resolve("b.toml")).doesNotExist();
    try (var repo =
        new FileRepositoryBuilder().setGitDir(workingCopy.resolve(".git").toFile()).build()) {
      assertThat(repo.resolve(Constants.HEAD).name()).isEqualTo(old);
    }
  }

  @Test
  void localEditsAndStrayFilesInTheWorkingCopyAreWipedOut() throws Exception {
    remote.commit("one", "a.toml", service("a", "a:v1"));
    source().fetch();
    Files.writeString(workingCopy.resolve("a.toml"), service("a", "edited:by-hand"));
    Files.writeString(workingCopy.resolve("stray.toml"), service("stray", "x"));

    SourceSnapshot snap = source.fetch();

    assertThat(snap.files()).containsOnlyKeys("a.toml");
    assertThat(snap.files().get("a.toml")).contains("a:v1");
    assertThat(workingCopy.resolve("stray.toml")).doesNotExist();
  }

  @Test
  void anUnreachableRemoteFailsClearlyAndChangesNothingThenRecovers() throws Exception {
    String first = remote.commit("one", "a.toml", service("a", "a:v1"));
    source().fetch();
    remote.commit("two", "b.toml", service("b", "b:v1"));
    Path away = tmp.resolve("moved-away.git");
    Files.move(remote.bare(), away);

    assertThatThrownBy(source::fetch)
        .isInstanceOf(SourceException.class)
        .isNotInstanceOf(UntrustedCommitException.class)
        .hasMessageContaining("cannot fetch branch main from " + remote.fileUrl());
    assertThat(workingCopy.resolve("b.toml")).doesNotExist();
    assertThat(source.lastSnapshot().orElseThrow().revision()).isEqualTo(first);

    Files.move(away, remote.bare());
    SourceSnapshot snap = source.fetch();
    assertThat(snap.files()).containsOnlyKeys("a.toml", "b.toml");
    assertThat(snap.changes().added()).containsExactly("b");
  }

  @Test
  void aMissingBranchIsAClearError() {
    remote.commit("one", "a.toml", service("a", "a:v1"));

    assertThatThrownBy(
            () ->
                source(GitSourceSettings.of(remote.fileUrl(), "prod"), CommitVerifier.TRUST_ALL)
                    .fetch())
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("cannot fetch branch prod from " + remote.fileUrl())
        .hasMessageContaining("the repository has no branch prod")
        .extracting(e -> ((SourceException) e).kind())
        .isEqualTo(SourceException.Kind.BAD_REF);
  }

  @Test
  void onlyFilesInThePathFolderAreServiceFiles() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("top.toml", service("top", "x"));
    files.put("services/a.toml", service("a", "a:v1"));
    files.put("services/nested/deep.toml", service("deep", "x"));
    files.put("other/b.toml", service("b", "x"));
    remote.commit("layout", files);

    SourceSnapshot snap =
        source(
                GitSourceSettings.of(remote.fileUrl(), "main").withPath("./services/"),
                CommitVerifier.TRUST_ALL)
            .fetch();

    assertThat(snap.files()).containsOnlyKeys("a.toml");
    assertThat(snap.changes().added()).containsExactly("a");
    assertThat(source.describe()).contains("path services");
  }

  @Test
  void aMissingPathFolderIsAnErrorAndNothingMoves() {
    remote.commit("one", "services/a.toml", service("a", "a:v1"));
    GitSource s =
        source(
            GitSourceSettings.of(remote.fileUrl(), "main").withPath("services"),
            CommitVerifier.TRUST_ALL);
    String first = s.fetch().revision();
    remote.commit("oops, moved", Map.of("services/a.toml", "", "elsewhere/a.toml", "x"));
    Map<String, String> rm = new LinkedHashMap<>();
    rm.put("services/a.toml", null);
    remote.commit("removed the folder", rm);

    assertThatThrownBy(s::fetch)
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("folder services does not exist at commit");
    assertThat(workingCopy.resolve("services/a.toml")).exists();
    assertThat(s.lastSnapshot().orElseThrow().revision()).isEqualTo(first);
  }

  @Test
  void aSymbolicLinkIsNeverFollowed() throws Exception {
    Path secret = Files.writeString(tmp.resolve("secret.toml"), "secret = \"s3cr3t\"\n");
    Files.createDirectories(remote.workstation());
    Files.createSymbolicLink(remote.workstation().resolve("evil.toml"), secret);
    remote.commit("link", "a.toml", service("a", "a:v1"));

    SourceSnapshot snap = source().fetch();

    assertThat(snap.files()).containsOnlyKeys("a.toml");
    assertThat(snap.unreadable()).containsOnlyKeys("evil.toml");
    assertThat(snap.unreadable().get("evil.toml")).contains("not a regular file");
    assertThat(Files.isSymbolicLink(workingCopy.resolve("evil.toml"))).isFalse();
  }

  @Test
  void aRefusedHeadKeepsTheLastTrustedSnapshotAndWorkingCopy() throws Exception {
    CommitVerifier refusesEvil =
        (repo, commit) ->
            commit.getFullMessage().contains("evil")
                ? Optional.of("not signed by a trusted key")
                : Optional.empty();
    String good = remote.commit("good", "a.toml", service("a", "a:v1"));
    GitSource s = source(GitSourceSettings.of(remote.fileUrl(), "main"), refusesEvil);
    SourceSnapshot trusted = s.fetch();
    String evil = remote.commit("evil", "a.toml", service("a", "evil:latest"));

    assertThatThrownBy(s::fetch)
        .isInstanceOfSatisfying(
            UntrustedCommitException.class,
            e -> {
              assertThat(e.commitId()).isEqualTo(evil);
              assertThat(e.reason()).isEqualTo("not signed by a trusted key");
              assertThat(e.lastTrusted()).contains(trusted);
              assertThat(e.getMessage())
                  .contains(evil)
                  .contains("not signed by a trusted key")
                  .contains("staying at trusted commit " + good);
            });
    assertThat(Files.readString(workingCopy.resolve("a.toml"))).contains("a:v1");
    assertThat(s.lastSnapshot()).contains(trusted);
    // asked again, still refused: nothing moves
    assertThatThrownBy(s::fetch).isInstanceOf(UntrustedCommitException.class);
    assertThat(Files.readString(workingCopy.resolve("a.toml"))).contains("a:v1");

    String fixed = remote.commit("revert the bad image", "a.toml", service("a", "a:v2"));
    SourceSnapshot snap = s.fetch();
    assertThat(snap.revision()).isEqualTo(fixed);
    assertThat(snap.changes().changed()).containsExactly("a");
  }

  @Test
  void aRefusedFirstCommitChecksNothingOut() {
    remote.commit("evil from the start", "a.toml", service("a", "a:v1"));
    GitSource s =
        source(
            GitSourceSettings.of(remote.fileUrl(), "main"),
            (repo, commit) -> Optional.of("unsigned"));

    assertThatThrownBy(s::fetch)
        .isInstanceOfSatisfying(
            UntrustedCommitException.class, e -> assertThat(e.lastTrusted()).isEmpty());
    assertThat(workingCopy.resolve("a.toml")).doesNotExist();
  }

  @Test
  void aDamagedWorkingCopyIsClonedAfresh() throws Exception {
    remote.commit("one", "a.toml", service("a", "a:v1"));
    source().fetch();
    String two = remote.commit("two", "b.toml", service("b", "b:v1"));
    Files.writeString(workingCopy.resolve(".git/HEAD"), "garbage\n");
    try (var objects = Files.walk(workingCopy.resolve(".git/objects"))) {
      for (Path p : objects.filter(Files::isRegularFile).toList()) {
        Files.delete(p);
      }
    }

    SourceSnapshot snap = source.fetch();

    assertThat(snap.revision()).isEqualTo(two);
    assertThat(snap.files()).containsOnlyKeys("a.toml", "b.toml");
    try (var leftovers = Files.list(workingCopy.getParent())) {
      assertThat(leftovers.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.contains(".clone-") || n.contains(".old-"));
    }
  }

  @Test
  void aWorkingCopyOfAnotherRemoteIsReplaced() throws Exception {
    GitRemote other = new GitRemote(tmp.resolve("other"));
    other.commit("other", "x.toml", service("x", "x:v1"));
    source(GitSourceSettings.of(other.fileUrl(), "main"), CommitVerifier.TRUST_ALL).fetch();
    remote.commit("one", "a.toml", service("a", "a:v1"));

    SourceSnapshot snap = source().fetch();

    assertThat(snap.files()).containsOnlyKeys("a.toml");
    assertThat(workingCopy.resolve("x.toml")).doesNotExist();
  }

  @Test
  void aFolderInPlaceOfTheWorkingCopyIsReplaced() throws Exception {
    Files.createDirectories(workingCopy);
    Files.writeString(workingCopy.resolve("junk.toml"), "junk");
    remote.commit("one", "a.toml", service("a", "a:v1"));

    assertThat(source().fetch().files()).containsOnlyKeys("a.toml");
  }

  @Test
  void thePacksOfManyFetchesAreCollectedBeforeTheFetchReturns() throws Exception {
    remote.commit("v0", "a.toml", service("a", "a:v0"));
    source().fetch();
    Path gitDir = workingCopy.resolve(".git");
    // Every fetch adds a pack; a limit of 3 instead of JGit's 50 lets a few fetches reach it, and
    // the packs a collection replaced go at once instead of after an hour.
    FileBasedConfig config = new FileBasedConfig(gitDir.resolve("config").toFile(), FS.DETECTED);
    config.load();
    config.setInt("gc", null, "autopacklimit", 3);
    config.setString("gc", null, "prunePackExpire", "now");
    config.save();

    for (int i = 1; i <= 8; i++) {
      remote.commit("v" + i, "a.toml", service("a", "a:v" + i));
      assertThat(source.fetch().files().get("a.toml")).contains("a:v" + i);
      // Collected within the fetch (never more than limit + 1 packs once it returned), and no
      // collection left running beside the checkout.
      assertThat(packs(gitDir)).as("packs after fetch %d", i).isBetween(1L, 4L);
      assertThat(gitDir.resolve("gc.log.lock")).doesNotExist();
    }
    assertThat(Files.readString(workingCopy.resolve("a.toml"))).contains("a:v8");
  }

  private static long packs(Path gitDir) throws IOException {
    try (var files = Files.list(gitDir.resolve("objects/pack"))) {
      return files.filter(p -> p.getFileName().toString().endsWith(".pack")).count();
    }
  }
}
