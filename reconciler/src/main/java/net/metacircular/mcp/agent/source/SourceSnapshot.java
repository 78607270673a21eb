package net.metacircular.mcp.agent.source;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The service files at one revision of the source.
 *
 * @param revision the commit id (or, for a plain folder, a hash of its contents)
 * @param files service file name ({@code metacrypt.toml}) to its text, in name order
 * @param unreadable file name to why it could not be read (not UTF-8, too large, …)
 * @param commit the commit read, for a git source; empty for a plain folder
 * @param changes the services added, changed and removed against the revision the source returned
 *     (or had checked out) before; for a first read everything is added; {@link ChangeSummary#NONE}
 *     for a plain folder
 * @param secrets the encrypted secrets beside the service files ({@code secrets/<service>/})
 */
public record SourceSnapshot(
    String revision,
    SortedMap<String, String> files,
    Map<String, String> unreadable,
    Optional<CommitInfo> commit,
    ChangeSummary changes,
    SecretFiles secrets) {
  public SourceSnapshot {
    Objects.requireNonNull(revision, "revision");
    files = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(files));
    unreadable = Map.copyOf(unreadable);
    Objects.requireNonNull(commit, "commit");
    Objects.requireNonNull(changes, "changes");
    Objects.requireNonNull(secrets, "secrets");
  }

  /** A snapshot without secrets. */
  public SourceSnapshot(
      String revision,
      SortedMap<String, String> files,
      Map<String, String> unreadable,
      Optional<CommitInfo> commit,
      ChangeSummary changes) {
    this(revision, files, unreadable, commit, changes, SecretFiles.NONE);
  }

  /** The same snapshot with these secrets. */
  public SourceSnapshot withSecrets(SecretFiles newSecrets) {
    return new SourceSnapshot(revision, files, unreadable, commit, changes, newSecrets);
  }

  /** A snapshot without commit information (a plain folder). */
  public SourceSnapshot(
      String revision, SortedMap<String, String> files, Map<String, String> unreadable) {
    this(revision, files, unreadable, Optional.empty(), ChangeSummary.NONE);
  }
}
