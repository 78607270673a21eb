package net.metacircular.mcp.agent.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real commits made and signed by git, gpg and ssh-keygen, verified against a trusted keys file.
 */
class SignedCommitVerifierTest {
  @TempDir Path tmp;
  private SigningRepo git;
  private Path trustedKeys;

  @BeforeEach
  void setUp() throws Exception {
    git = new SigningRepo(tmp);
    trustedKeys = tmp.resolve("trusted-keys");
  }

  @AfterEach
  void tearDown() throws Exception {
    git.close();
  }

  @Test
  void acceptsACommitSignedByATrustedOpenPgpKey() throws Exception {
    Path alice = git.newGpgKey("Alice");
    Files.writeString(trustedKeys, git.exportGpgKey(alice));
    RevCommit commit = git.commitSignedGpg(alice);

    assertThat(new SignedCommitVerifier(trustedKeys).refuse(git.repo(), commit)).isEmpty();
  }

  @Test
  void acceptsAnyOfSeveralTrustedKeysInOneFile() throws Exception {
    Path alice = git.newGpgKey("Alice");
    Path bob = git.newGpgKey("Bob");
    Files.writeString(
        trustedKeys, "# ops team\n" + git.exportGpgKey(alice) + "\n" + git.exportGpgKey(bob));
    SignedCommitVerifier verifier = new SignedCommitVerifier(trustedKeys);

    assertThat(verifier.refuse(git.repo(), git.commitSignedGpg(alice))).isEmpty();
    assertThat(verifier.refuse(git.repo(), git.commitSignedGpg(bob))).isEmpty();
  }

  @Test
  void refusesAnUnsignedCommit() throws Exception {
    Path alice = git.newGpgKey("Alice");
    Files.writeString(trustedKeys, git.exportGpgKey(alice));
    RevCommit commit = git.commitUnsigned();

    assertThat(new SignedCommitVerifier(trustedKeys).refuse(git.repo(), commit))
        .contains(
            "commit "
                + commit.name().substring(0, 12)
                + " by Alice <alice@example.net> is not signed; verify_commits = true applies only"
                + " commits signed by a key in "
                + trustedKeys);
  }

  @Test
  void refusesACommitSignedByAnUntrustedKeyAndNamesIt() throws Exception {
    Path alice = git.newGpgKey("Alice");
    Path mallory = git.newGpgKey("Mallory");
    Files.writeString(trustedKeys, git.exportGpgKey(alice));
    RevCommit commit = git.commitSignedGpg(mallory);
    String malloryFingerprint = git.gpgFingerprint(mallory);

    assertThat(new SignedCommitVerifier(trustedKeys).refuse(git.repo(), commit))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .startsWith("commit " + commit.name().substring(0, 12) + " by Alice")
                    .contains("is signed by OpenPGP key " + malloryFingerprint)
                    .contains("not in the trusted keys file " + trustedKeys));
  }

  @Test
  void refusesATamperedCommit() throws Exception {
    Path alice = git.newGpgKey("Alice");
    Files.writeString(trustedKeys, git.exportGpgKey(alice));
    RevCommit tampered = git.tampered(git.commitSignedGpg(alice));
    String aliceFingerprint = git.gpgFingerprint(alice);

    assertThat(new SignedCommitVerifier(trustedKeys).refuse(git.repo(), tampered))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("has a bad OpenPGP signature by trusted OpenPGP key")
                    .contains(aliceFingerprint)
                    .contains("altered after signing"));
  }

  @Test
  void acceptsACommitSignedByATrustedSshKey() throws Exception {
    Path key = git.newSshKey("alice");
    Files.writeString(trustedKeys, SigningRepo.allowedSigner("alice@example.net", key) + "\n");
    RevCommit commit = git.commitSignedSsh(key);

    assertThat(new SignedCommitVerifier(trustedKeys).refuse(git.repo(), commit)).isEmpty();
  }

  @Test
  void readsOpenPgpAndSshKeysFromOneFile() throws Exception {
    Path alice = git.newGpgKey("Alice");
    Path key = git.newSshKey("bob");
    Files.writeString(
        trustedKeys,
        git.exportGpgKey(alice) + "\n" + SigningRepo.allowedSigner("bob@example.net", key) + "\n");
    SignedCommitVerifier verifier = new SignedCommitVerifier(trustedKeys);

    assertThat(verifier.refuse(git.repo(), git.commitSignedGpg(alice))).isEmpty();
    assertThat(verifier.refuse(git.repo(), git.commitSignedSsh(key))).isEmpty();
  }

  @Test
  void refusesACommitSignedByAnUntrustedSshKey() throws Exception {
    Path alice = git.newSshKey("alice");
    Path mallory = git.newSshKey("mallory");
    Files.writeString(trustedKeys, SigningRepo.allowedSigner("alice@example.net", alice) + "\n");
    RevCommit commit = git.commitSignedSsh(mallory);

    assertThat(new SignedCommitVerifier(trustedKeys).refuse(git.repo(), commit))
        .hasValueSatisfying(
            why ->
                assertThat(why)
                    .contains("is signed by SSH key SHA256:")
                    .contains("not in the trusted keys file " + trustedKeys));
  }

  @Test
  void refusesAnSshSignedCommitWhenOnlyOpenPgpKeysAreTrusted() throws Exception {
    Path alice = git.newGpgKey("Alice");
    Path key = git.newSshKey("alice");
    Files.writeString(trustedKeys, git.exportGpgKey(alice));
    RevCommit commit = git.commitSignedSsh(key);

    assertThat(new SignedCommitVerifier(trustedKeys).refuse(git.repo(), commit))
        .hasValueSatisfying(
            why -> assertThat(why).contains("(it holds no SSH allowed-signers lines)"));
  }

  @Test
  void refusesATamperedSshSignedCommit() throws Exception {
    Path key = git.newSshKey("alice");
    Files.writeString(trustedKeys, SigningRepo.allowedSigner("alice@example.net", key) + "\n");
    RevCommit tampered = git.tampered(git.commitSignedSsh(key));

    assertThat(new SignedCommitVerifier(trustedKeys).refuse(git.repo(), tampered))
        .hasValueSatisfying(
            why -> assertThat(why).contains("has a bad SSH signature by SSH key SHA256:"));
  }

  @Test
  void aMissingTrustedKeysFileFailsAtConstruction() {
    assertThatThrownBy(() -> new SignedCommitVerifier(tmp.resolve("nope")))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("trusted keys file " + tmp.resolve("nope") + " does not exist");
  }

  @Test
  void anEmptyTrustedKeysFileFailsAtConstruction() throws Exception {
    Files.writeString(trustedKeys, "# nobody yet\n");
    assertThatThrownBy(() -> new SignedCommitVerifier(trustedKeys))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("holds no keys");
  }

  @Test
  void garbageInTheTrustedKeysFileNamesTheLine() throws Exception {
    Files.writeString(trustedKeys, "# keys\n\nnot a key at all\n");
    assertThatThrownBy(() -> new SignedCommitVerifier(trustedKeys))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("trusted keys file " + trustedKeys + " line 3: is neither");
  }

  @Test
  void aBrokenKeyBlockIsRefusedAtConstruction() throws Exception {
    Files.writeString(
        trustedKeys,
        "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5\n-----END PGP PUBLIC KEY BLOCK-----\n");
    assertThatThrownBy(() -> new SignedCommitVerifier(trustedKeys))
        .isInstanceOf(SourceException.class)
        .hasMessageContaining("line 1: OpenPGP key block");
  }
}
