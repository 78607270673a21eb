package net.metacircular.mcp.agent.source;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import net.metacircular.mcp.agent.source.SourceException.Kind;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;

/**
 * Sorts a failed fetch into a {@link Kind} from the exception types in its cause chain and what the
 * transport recorded (a refused host key, a missed deadline, refused credentials); never from the
 * messages, which differ between transports and JGit versions.
 */
final class FailureKinds {
  private FailureKinds() {}

  static Kind of(Throwable e, RemoteAccess access) {
    Kind k = ofChain(e, access);
    return k == Kind.OTHER && access.credentialsRefused() ? Kind.AUTH : k;
  }

  /** The kind told by the transport's records and the cause chain alone. */
  static Kind ofChain(Throwable e, RemoteAccess access) {
    if (access.hostKeyProblem().isPresent()) {
      return Kind.HOST_KEY;
    }
    if (access.timedOut()) {
      return Kind.TIMEOUT;
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      Kind k = ofOne(t);
      if (k != Kind.OTHER) {
        return k;
      }
    }
    return Kind.OTHER;
  }

  private static Kind ofOne(Throwable t) {
    if (t instanceof SourceException se) {
      return se.kind();
    }
    if (t instanceof NoRemoteRepositoryException) {
      return Kind.NOT_FOUND;
    }
    if (t instanceof SocketTimeoutException) {
      return Kind.TIMEOUT;
    }
    if (t instanceof UnknownHostException
        || t instanceof ConnectException
        || t instanceof NoRouteToHostException
        || t instanceof SocketException) {
      return Kind.NETWORK;
    }
    if (t instanceof SSLException) {
      return Kind.TLS;
    }
    if (t instanceof SshException ssh
        && ssh.getDisconnectCode() == SshConstants.SSH2_DISCONNECT_HOST_KEY_NOT_VERIFIABLE) {
      return Kind.HOST_KEY;
    }
    return Kind.OTHER;
  }

  /** Whether a failed fetch into an existing working copy is the remote's fault (no re-clone). */
  static boolean remote(Kind kind) {
    return kind != Kind.OTHER && kind != Kind.LOCAL;
  }
}
