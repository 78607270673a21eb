package net.metacircular.mcp.agent.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;

/**
 * The keys whose signatures {@code verify_commits} accepts, read once from the {@code trusted_keys}
 * file. The file may hold ASCII-armored OpenPGP public key blocks ({@code gpg --armor --export}),
 * and SSH allowed-signers lines ({@code alice@example.net ssh-ed25519 AAAA…}, as in git's {@code
 * gpg.ssh.allowedSignersFile}); blank lines and lines starting with {@code #} are comments.
 *
 * <p>Only these keys count: the agent's own {@code ~/.gnupg} or ssh configuration is never
 * consulted, so a key is trusted exactly when the operator put it in this file.
 *
 * @param file where the keys were read from, named in refusals
 * @param openPgp the OpenPGP key rings, possibly empty
 * @param sshAllowedSigners the allowed-signers lines, possibly empty
 */
public record TrustedKeys(
    Path file, List<PGPPublicKeyRing> openPgp, List<String> sshAllowedSigners) {

  /** A trusted keys file is small; a larger one is a mistake (a wrong path), not a keyring. */
  static final long MAX_FILE_BYTES = 4L << 20;

  private static final String PGP_BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
  private static final String PGP_END = "-----END PGP PUBLIC KEY BLOCK-----";

  public TrustedKeys {
    Objects.requireNonNull(file, "file");
    openPgp = List.copyOf(openPgp);
    sshAllowedSigners = List.copyOf(sshAllowedSigners);
    if (openPgp.isEmpty() && sshAllowedSigners.isEmpty()) {
      throw new SourceException(
          SourceException.Kind.LOCAL,
          "trusted keys file "
              + file
              + " holds no keys; add OpenPGP public keys (gpg --armor --export KEYID >> "
              + file
              + ") or SSH allowed-signers lines (email ssh-ed25519 AAAA…)");
    }
  }

  /**
   * Reads and checks a trusted keys file.
   *
   * @throws SourceException when the file is missing, unreadable, or holds anything but keys
   */
  public static TrustedKeys load(Path file) {
    String text = read(file);
    List<PGPPublicKeyRing> rings = new ArrayList<>();
    List<String> ssh = new ArrayList<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.equals(PGP_BEGIN)) {
        int begin = i;
        StringBuilder block = new StringBuilder();
        while (i < lines.length && !lines[i].strip().equals(PGP_END)) {
          block.append(lines[i].strip()).append('\n');
          i++;
        }
        if (i == lines.length) {
          throw new SourceException(
              SourceException.Kind.LOCAL,
              where(file, begin) + "OpenPGP key block has no " + PGP_END + " line; re-export it");
        }
        block.append(PGP_END).append('\n');
        rings.addAll(parseOpenPgp(file, begin, block.toString()));
      } else if (line.startsWith("-----BEGIN PGP PRIVATE KEY BLOCK-----")) {
        throw new SourceException(
            SourceException.Kind.LOCAL,
            where(file, i)
                + "is a PRIVATE key; the agent needs only public keys (gpg --armor --export),"
                + " and the private key should be revoked if this file was shared");
      } else if (line.startsWith("-----")) {
        throw new SourceException(
            SourceException.Kind.LOCAL,
            where(file, i)
                + "starts an unsupported block ("
                + line
                + "); use OpenPGP public key blocks or SSH allowed-signers lines");
      } else {
        checkAllowedSigner(file, i, line);
        ssh.add(line);
      }
    }
    return new TrustedKeys(file, rings, ssh);
  }

  /** The trusted OpenPGP key (primary or subkey) with this fingerprint, if any. */
  public Optional<PGPPublicKey> openPgpKey(byte[] fingerprint) {
    for (PGPPublicKeyRing ring : openPgp) {
      PGPPublicKey key = ring.getPublicKey(fingerprint);
      if (key != null) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /** The primary key of the trusted ring that holds this key (itself when it is primary). */
  public PGPPublicKey primaryOf(PGPPublicKey key) {
    for (PGPPublicKeyRing ring : openPgp) {
      if (ring.getPublicKey(key.getFingerprint()) != null) {
        return ring.getPublicKey();
      }
    }
    return key;
  }

  /** The trusted OpenPGP key (primary or subkey) with this 64-bit key id, if any. */
  public Optional<PGPPublicKey> openPgpKey(long keyId) {
    for (PGPPublicKeyRing ring : openPgp) {
      PGPPublicKey key = ring.getPublicKey(keyId);
      if (key != null) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  private static String read(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new SourceException(
            SourceException.Kind.LOCAL,
            "trusted keys file "
                + file
                + " does not exist or is not a file; create it with the signers' public keys"
                + " or set verify_commits = false in [source]");
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new SourceException(
            SourceException.Kind.LOCAL,
            "trusted keys file "
                + file
                + " is larger than "
                + MAX_FILE_BYTES
                + " bytes; check that trusted_keys names the keys file");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SourceException(
          SourceException.Kind.LOCAL,
          "cannot read trusted keys file " + file + ": " + e + "; check its permissions",
          e);
    }
  }

  private static List<PGPPublicKeyRing> parseOpenPgp(Path file, int line, String armored) {
    try (InputStream in =
        PGPUtil.getDecoderStream(
            new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
      List<PGPPublicKeyRing> rings = new ArrayList<>();
      new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator())
          .getKeyRings()
          .forEachRemaining(rings::add);
      if (rings.isEmpty()) {
        throw new SourceException(
            SourceException.Kind.LOCAL,
            where(file, line) + "OpenPGP key block holds no public key");
      }
      return rings;
    } catch (IOException | PGPException | RuntimeException e) {
      if (e instanceof SourceException se) {
        throw se;
      }
      throw new SourceException(
          SourceException.Kind.LOCAL,
          where(file, line)
              + "OpenPGP key block cannot be read ("
              + e.getMessage()
              + "); re-export it with gpg --armor --export KEYID",
          e);
    }
  }

  /**
   * Checks the shape of an allowed-signers line ({@code principals [options] keytype base64
   * [comment]}) so that a typo fails at start-up rather than at the first signed commit; jgit
   * parses it fully when verifying.
   */
  private static void checkAllowedSigner(Path file, int line, String text) {
    String[] fields = text.split("\\s+");
    boolean keyFound = false;
    for (int f = 1; f + 1 < fields.length; f++) {
      if (isSshKeyType(fields[f]) && fields[f + 1].matches("[A-Za-z0-9+/]+=*")) {
        keyFound = true;
        break;
      }
    }
    if (isSshKeyType(fields[0]) || !keyFound) {
      throw new SourceException(
          SourceException.Kind.LOCAL,
          where(file, line)
              + "is neither an OpenPGP public key block nor an SSH allowed-signers line;"
              + " an allowed signer reads 'alice@example.net ssh-ed25519 AAAA…'"
              + " (the principal first, then the public key)");
    }
  }

  private static boolean isSshKeyType(String field) {
    return field.startsWith("ssh-")
        || field.startsWith("ecdsa-sha2-")
        || field.startsWith("sk-ssh-")
        || field.startsWith("sk-ecdsa-");
  }

  private static String where(Path file, int zeroBasedLine) {
    return "trusted keys file " + file + " line " + (zeroBasedLine + 1) + ": ";
  }
}
