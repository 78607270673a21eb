package net.metacircular.mcp.agent.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * {@code verify_commits = true}: a commit may be applied only when it carries a good OpenPGP or SSH
 * signature by a key in the {@code trusted_keys} file. Anything else — unsigned, an unknown key, a
 * bad, revoked or expired signature, an X.509 signature — is refused with a reason that names the
 * commit, its author and what to do.
 */
public final class SignedCommitVerifier implements CommitVerifier {
  private final TrustedKeys keys;
  private final OpenPgpCommitCheck openPgp;
  private final SshCommitCheck ssh;

  /**
   * Reads the trusted keys now, so that a missing or broken file stops the agent at start-up.
   *
   * @throws SourceException when the file is missing, unreadable or holds no usable key
   */
  public SignedCommitVerifier(Path trustedKeysFile) {
    this(TrustedKeys.load(trustedKeysFile));
  }

  public SignedCommitVerifier(TrustedKeys keys) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.openPgp = new OpenPgpCommitCheck(keys);
    this.ssh = new SshCommitCheck(keys);
  }

  @Override
  public Optional<String> refuse(Repository repo, RevCommit commit) {
    RevCommit parsed;
    try {
      // A RevWalk may have dropped the body; the signature lives in it.
      parsed = commit.getRawBuffer() != null ? commit : repo.parseCommit(commit);
    } catch (IOException e) {
      return Optional.of("commit " + commit.name() + " cannot be read to verify it: " + e);
    }
    String who = describe(parsed);
    Optional<CommitSignature> signature = CommitSignature.of(parsed);
    if (signature.isEmpty()) {
      return Optional.of(
          who
              + " is not signed; verify_commits = true applies only commits signed by a key in "
              + keys.file());
    }
    return switch (signature.get().format()) {
      case OPENPGP -> openPgp.refuse(who, signature.get());
      case SSH -> ssh.refuse(repo, who, signature.get());
      case X509 ->
          Optional.of(
              who
                  + " has an X.509 (gpgsm) signature; verify_commits supports OpenPGP and SSH"
                  + " signatures by keys in "
                  + keys.file());
      case UNKNOWN ->
          Optional.of(
              who
                  + " has a signature of an unknown kind; verify_commits supports OpenPGP and SSH"
                  + " signatures by keys in "
                  + keys.file());
    };
  }

  /** {@code commit 1a2b3c4d5e6f by Alice <a@x>}: what an operator finds in {@code git log}. */
  static String describe(RevCommit commit) {
    PersonIdent author = commit.getAuthorIdent();
    return "commit "
        + commit.name().substring(0, 12)
        + " by "
        + author.getName()
        + " <"
        + author.getEmailAddress()
        + ">";
  }
}
