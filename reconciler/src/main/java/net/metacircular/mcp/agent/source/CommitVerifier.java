package net.metacircular.mcp.agent.source;

import java.util.Optional;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Decides whether a fetched head commit may be applied ({@code verify_commits}). A refused head is
 * not applied: the last verified state stays, and status and events say why.
 */
public interface CommitVerifier {
  /** Trusts every commit: {@code verify_commits = false}. */
  CommitVerifier TRUST_ALL = (repo, commit) -> Optional.empty();

  /** Empty when the commit may be applied; otherwise why not, for status and events. */
  Optional<String> refuse(Repository repo, RevCommit commit);
}
