package net.metacircular.mcp.agent.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * Verifies an OpenPGP commit signature with BouncyCastle against the trusted keys only. jgit's own
 * BouncyCastle verifier looks keys up in the user's GnuPG keyring, which is exactly what must not
 * decide trust here, so the lookup and the check are done directly.
 */
final class OpenPgpCommitCheck {
  private final TrustedKeys keys;

  OpenPgpCommitCheck(TrustedKeys keys) {
    this.keys = keys;
  }

  /** Empty when the signature is good and made by a trusted, unrevoked, unexpired key. */
  Optional<String> refuse(String commit, CommitSignature signed) {
    PGPSignature signature;
    try {
      signature = readSignature(signed.signature());
    } catch (IOException | RuntimeException e) {
      return Optional.of(
          commit + " has an OpenPGP signature that cannot be read (" + e.getMessage() + ")");
    }
    Optional<byte[]> issuerFingerprint = issuerFingerprint(signature);
    Optional<PGPPublicKey> key =
        issuerFingerprint.isPresent()
            ? keys.openPgpKey(issuerFingerprint.get())
            : keys.openPgpKey(signature.getKeyID());
    if (key.isEmpty()) {
      String signer =
          issuerFingerprint
              .map(f -> "OpenPGP key " + hex(f))
              .orElse(
                  "OpenPGP key id " + String.format(Locale.ROOT, "%016X", signature.getKeyID()));
      return Optional.of(
          commit
              + " is signed by "
              + signer
              + ", which is not in the trusted keys file "
              + keys.file()
              + "; if that key is trusted, add its public key there (gpg --armor --export KEYID)");
    }
    PGPPublicKey signer = key.get();
    String name = "trusted OpenPGP key " + hex(signer.getFingerprint());
    Instant signedAt = signature.getCreationTime().toInstant();
    // A subkey is only as good as its primary key: check both.
    for (PGPPublicKey k : new PGPPublicKey[] {signer, keys.primaryOf(signer)}) {
      if (k.hasRevocation()) {
        return Optional.of(
            commit + " is signed by " + name + ", which is revoked; remove it from " + keys.file());
      }
      long validSeconds = k.getValidSeconds();
      if (validSeconds > 0
          && signedAt.isAfter(
              k.getCreationTime().toInstant().plus(Duration.ofSeconds(validSeconds)))) {
        return Optional.of(
            commit
                + " is signed by "
                + name
                + ", which had expired when it signed ("
                + signedAt
                + "); extend the key's expiry and export it to "
                + keys.file()
                + " again");
      }
    }
    try {
      signature.init(new BcPGPContentVerifierBuilderProvider(), signer);
      signature.update(signed.signedData());
      if (signature.verify()) {
        return Optional.empty();
      }
    } catch (PGPException | RuntimeException e) {
      // A signature that cannot even be checked is as bad as one that fails.
      return Optional.of(
          commit + " has a bad OpenPGP signature by " + name + " (" + e.getMessage() + ")");
    }
    return Optional.of(
        commit
            + " has a bad OpenPGP signature by "
            + name
            + ": the commit does not match its signature (altered after signing)");
  }

  private static PGPSignature readSignature(byte[] armored) throws IOException {
    try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
      PGPObjectFactory factory = new BcPGPObjectFactory(in);
      Object object = factory.nextObject();
      if (object instanceof PGPSignatureList list && !list.isEmpty()) {
        // git writes one signature; a second one is ignored, as git does.
        return list.get(0);
      }
      throw new IOException("no signature packet in the gpgsig header");
    }
  }

  private static Optional<byte[]> issuerFingerprint(PGPSignature signature) {
    for (PGPSignatureSubpacketVector packets :
        new PGPSignatureSubpacketVector[] {
          signature.getHashedSubPackets(), signature.getUnhashedSubPackets()
        }) {
      if (packets != null) {
        IssuerFingerprint issuer = packets.getIssuerFingerprint();
        if (issuer != null) {
          return Optional.of(issuer.getFingerprint());
        }
      }
    }
    return Optional.empty();
  }

  private static String hex(byte[] fingerprint) {
    return HexFormat.of().withUpperCase().formatHex(fingerprint);
  }
}
