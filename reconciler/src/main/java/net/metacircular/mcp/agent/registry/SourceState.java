package net.metacircular.mcp.agent.registry;

import java.time.Instant;
import java.util.Optional;

/**
 * The state of the git source (one per registry).
 *
 * @param fetchedCommit the commit last fetched successfully
 * @param appliedCommit the commit last applied (every service reconciled to it)
 * @param lastFetchAt when a fetch was last tried
 * @param lastSuccessAt when a fetch last succeeded
 * @param lastError the error of the last fetch; absent when healthy
 * @param errorSince since when fetches have been failing; present exactly when {@code lastError} is
 * @param errorKind the kind of the last error ({@code network}, {@code auth} …); absent when
 *     healthy or not known
 */
public record SourceState(
    Optional<String> fetchedCommit,
    Optional<String> appliedCommit,
    Optional<Instant> lastFetchAt,
    Optional<Instant> lastSuccessAt,
    Optional<String> lastError,
    Optional<Instant> errorSince,
    Optional<String> errorKind) {

  public SourceState {
    Check.optional("source fetchedCommit", fetchedCommit);
    Check.optional("source appliedCommit", appliedCommit);
    Check.optional("source lastFetchAt", lastFetchAt);
    Check.optional("source lastSuccessAt", lastSuccessAt);
    Check.paired("source lastError", lastError, "errorSince", errorSince);
    Check.optional("source errorKind", errorKind);
  }

  /** A state whose error, if any, is of no known kind. */
  public SourceState(
      Optional<String> fetchedCommit,
      Optional<String> appliedCommit,
      Optional<Instant> lastFetchAt,
      Optional<Instant> lastSuccessAt,
      Optional<String> lastError,
      Optional<Instant> errorSince) {
    this(
        fetchedCommit,
        appliedCommit,
        lastFetchAt,
        lastSuccessAt,
        lastError,
        errorSince,
        Optional.empty());
  }

  /** True when the last fetch succeeded (or none was tried yet). */
  public boolean healthy() {
    return lastError.isEmpty();
  }
}
