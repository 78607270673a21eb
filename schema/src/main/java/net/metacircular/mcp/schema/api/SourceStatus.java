package net.metacircular.mcp.schema.api;

import java.time.Instant;

/**
 * Where desired state comes from and how reading it goes.
 *
 * @param location the repository URL or folder, never with credentials
 * @param branch the branch followed (null for a folder)
 * @param fetchedCommit the commit last fetched
 * @param appliedCommit the commit last applied to every service
 * @param lastFetchAt when a fetch was last tried
 * @param lastSuccessAt when a fetch last succeeded
 * @param error the last fetch's error; null when the last fetch succeeded
 * @param errorSince since when fetches have been failing
 * @param errorKind what kind of failure the last error is, decided from its cause: {@code auth},
 *     {@code host_key}, {@code not_found}, {@code network}, {@code timeout}, {@code tls}, {@code
 *     bad_ref}, {@code untrusted}, {@code local} or {@code other}; null when the last fetch
 *     succeeded (or for an error recorded by an older agent)
 */
public record SourceStatus(
    String location,
    String branch,
    String fetchedCommit,
    String appliedCommit,
    Instant lastFetchAt,
    Instant lastSuccessAt,
    String error,
    Instant errorSince,
    String errorKind) {

  /** Whether fetches are failing now. */
  public boolean failing() {
    return error != null;
  }
}
