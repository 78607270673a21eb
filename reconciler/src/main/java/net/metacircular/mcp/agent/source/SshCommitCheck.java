package net.metacircular.mcp.agent.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SignatureVerifier;
import org.eclipse.jgit.lib.SignatureVerifier.SignatureVerification;
import org.eclipse.jgit.lib.SignatureVerifier.TrustLevel;
import org.eclipse.jgit.signing.ssh.SshSignatureVerifierFactory;

/**
 * Verifies an SSH commit signature ({@code gpg.format = ssh}) with jgit's verifier, which checks
 * the signer against an OpenSSH allowed-signers file. jgit reads that file by path, so the
 * allowed-signers lines of the trusted keys file are written to a private file of their own; the
 * user's git configuration is never read.
 */
final class SshCommitCheck {
  private final TrustedKeys keys;
  private final GpgConfig config;
  private final SignatureVerifier verifier = new SshSignatureVerifierFactory().create();

  SshCommitCheck(TrustedKeys keys) {
    this.keys = keys;
    Config git = new Config();
    if (!keys.sshAllowedSigners().isEmpty()) {
      git.setString("gpg", "ssh", "allowedSignersFile", writeAllowedSigners(keys).toString());
    }
    this.config = new GpgConfig(git);
  }

  Optional<String> refuse(Repository repo, String commit, CommitSignature signed) {
    SignatureVerification result;
    try {
      result = verifier.verify(repo, config, signed.signedData(), signed.signature());
    } catch (IOException | RuntimeException e) {
      return Optional.of(commit + " has an SSH signature that cannot be checked (" + e + ")");
    }
    if (result.verified()) {
      return Optional.empty();
    }
    String key =
        result.keyFingerprint() == null ? "an SSH key" : "SSH key " + result.keyFingerprint();
    if (result.trustLevel() == TrustLevel.UNKNOWN) {
      // The signature is good but no allowed-signers line names the key.
      return Optional.of(
          commit
              + " is signed by "
              + key
              + ", which is not in the trusted keys file "
              + keys.file()
              + (keys.sshAllowedSigners().isEmpty()
                  ? " (it holds no SSH allowed-signers lines)"
                  : "")
              + "; if that key is trusted, add a line 'email ssh-ed25519 AAAA…' for it there");
    }
    if (result.message() == null) {
      return Optional.of(
          commit
              + " has a bad SSH signature by "
              + key
              + ": the commit does not match its signature (altered after signing)");
    }
    return Optional.of(
        commit + " has an SSH signature by " + key + " that is refused: " + result.message());
  }

  private static Path writeAllowedSigners(TrustedKeys keys) {
    try {
      Path file =
          Files.createTempFile(
              "mcp-allowed-signers-",
              "",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      file.toFile().deleteOnExit();
      Files.writeString(
          file,
          "# from " + keys.file() + "\n" + String.join("\n", keys.sshAllowedSigners()) + "\n",
          StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new SourceException(
          SourceException.Kind.LOCAL,
          "cannot write the SSH allowed signers of " + keys.file() + " to a temporary file: " + e,
          e);
    }
  }
}
