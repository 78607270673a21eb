package net.metacircular.mcp.agent.source;

import java.util.Optional;
import org.eclipse.jgit.errors.UnsupportedCredentialItem;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;

/**
 * The https credentials of one fetch, remembering whether the server refused them. JGit reports a
 * refusal only as a plain {@code TransportException}; what tells it apart is that it asked for
 * credentials we do not have, or {@linkplain #reset reset} the ones it had tried.
 */
final class RecordingCredentials extends CredentialsProvider {
  private final Optional<CredentialsProvider> inner;
  private volatile boolean refused;

  RecordingCredentials(Optional<CredentialsProvider> inner) {
    this.inner = inner;
  }

  /** Whether the server asked for credentials that were then missing or refused. */
  boolean refused() {
    return refused;
  }

  @Override
  public boolean isInteractive() {
    return false;
  }

  @Override
  public boolean supports(CredentialItem... items) {
    return inner.map(p -> p.supports(items)).orElse(false);
  }

  @Override
  public boolean get(URIish uri, CredentialItem... items) throws UnsupportedCredentialItem {
    if (inner.isEmpty()) {
      refused = true;
      return false;
    }
    return inner.get().get(uri, items);
  }

  @Override
  public void reset(URIish uri) {
    refused = true;
    inner.ifPresent(p -> p.reset(uri));
  }
}
