package net.metacircular.mcp.agent.source;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.util.RawParseUtils;

/**
 * A commit's {@code gpgsig} header split from the bytes it signs. Git signs the commit object as it
 * would be without that header, so the signed bytes are the raw commit with the header (and its
 * continuation lines) cut out.
 */
final class CommitSignature {
  /** The kinds of signature git writes, told apart by their armor. */
  enum Format {
    OPENPGP,
    SSH,
    X509,
    UNKNOWN
  }

  private static final byte[] GPGSIG = "gpgsig".getBytes(StandardCharsets.US_ASCII);

  private final byte[] signedData;
  private final byte[] signature;

  private CommitSignature(byte[] signedData, byte[] signature) {
    this.signedData = signedData;
    this.signature = signature;
  }

  /** The signature of a commit whose body is parsed, or empty when it carries none. */
  static Optional<CommitSignature> of(RevCommit commit) {
    byte[] signature = commit.getRawGpgSignature();
    byte[] raw = commit.getRawBuffer();
    if (signature == null || raw == null) {
      return Optional.empty();
    }
    int valueStart = RawParseUtils.headerStart(GPGSIG, raw, 0);
    if (valueStart < 0) {
      return Optional.empty();
    }
    int start = valueStart - GPGSIG.length - 1;
    int end = RawParseUtils.nextLfSkippingSplitLines(raw, valueStart);
    if (end < raw.length && raw[end] == '\n') {
      end++;
    }
    byte[] data = new byte[raw.length - (end - start)];
    System.arraycopy(raw, 0, data, 0, start);
    System.arraycopy(raw, end, data, start, raw.length - end);
    return Optional.of(new CommitSignature(data, signature));
  }

  byte[] signedData() {
    return signedData.clone();
  }

  byte[] signature() {
    return signature.clone();
  }

  Format format() {
    String head =
        new String(signature, 0, Math.min(signature.length, 64), StandardCharsets.US_ASCII);
    if (head.startsWith("-----BEGIN PGP SIGNATURE-----")) {
      return Format.OPENPGP;
    }
    if (head.startsWith("-----BEGIN SSH SIGNATURE-----")) {
      return Format.SSH;
    }
    if (head.startsWith("-----BEGIN SIGNED MESSAGE-----")) {
      return Format.X509;
    }
    return Format.UNKNOWN;
  }
}
