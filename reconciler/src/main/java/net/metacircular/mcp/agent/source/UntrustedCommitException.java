package net.metacircular.mcp.agent.source;

import java.util.Optional;

/**
 * The branch's head commit was refused by the {@link CommitVerifier} ({@code verify_commits}). The
 * working copy stays at the last trusted commit and desired state does not move.
 */
public final class UntrustedCommitException extends SourceException {
  private static final long serialVersionUID = 1L;

  private final String commitId;
  private final String reason;
  private final transient SourceSnapshot lastTrusted;

  UntrustedCommitException(
      String message, String commitId, String reason, Optional<SourceSnapshot> lastTrusted) {
    super(Kind.UNTRUSTED, message);
    this.commitId = commitId;
    this.reason = reason;
    this.lastTrusted = lastTrusted.orElse(null);
  }

  /** The refused commit's full id. */
  public String commitId() {
    return commitId;
  }

  /** Why the verifier refused it. */
  public String reason() {
    return reason;
  }

  /** The last snapshot of a trusted commit this source returned, if any: still desired state. */
  public Optional<SourceSnapshot> lastTrusted() {
    return Optional.ofNullable(lastTrusted);
  }
}
