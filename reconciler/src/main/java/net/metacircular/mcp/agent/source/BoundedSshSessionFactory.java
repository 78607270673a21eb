package net.metacircular.mcp.agent.source;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RemoteSession;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.util.FS;

/**
 * Opens ssh sessions with a deadline on the whole handshake (connect, key exchange, host key check,
 * authentication). jgit's transport timeout covers the connect and every read of the git protocol,
 * but not a server that accepts the connection and then says nothing; past the deadline the waiting
 * thread is interrupted and the underlying client closed, which fails the pending session at once.
 */
final class BoundedSshSessionFactory extends SshSessionFactory {
  private final Supplier<SshdSessionFactory> factory;
  private final Consumer<SshdSessionFactory> discard;
  private final Duration deadline;
  private final AtomicBoolean timedOut = new AtomicBoolean();

  /**
   * @param factory the current client
   * @param discard closes a client that missed the deadline (a new one is made next time)
   * @param deadline how long a handshake may take
   */
  BoundedSshSessionFactory(
      Supplier<SshdSessionFactory> factory,
      Consumer<SshdSessionFactory> discard,
      Duration deadline) {
    this.factory = factory;
    this.discard = discard;
    this.deadline = deadline;
  }

  /** Whether the last handshake missed its deadline. */
  boolean timedOut() {
    return timedOut.get();
  }

  @Override
  public RemoteSession getSession(URIish uri, CredentialsProvider credentials, FS fs, int tms)
      throws TransportException {
    SshdSessionFactory current = factory.get();
    Thread caller = Thread.currentThread();
    Object lock = new Object();
    AtomicBoolean done = new AtomicBoolean();
    timedOut.set(false);
    Thread watchdog =
        Thread.ofVirtual()
            .name("mcp-ssh-deadline")
            .start(
                () -> {
                  try {
                    Thread.sleep(deadline);
                  } catch (InterruptedException e) {
                    return;
                  }
                  synchronized (lock) {
                    if (done.get()) {
                      return;
                    }
                    timedOut.set(true);
                    // The handshake waits interruptibly; closing the client ends its I/O.
                    caller.interrupt();
                  }
                  discard.accept(current);
                });
    try {
      return current.getSession(uri, credentials, fs, tms);
    } finally {
      synchronized (lock) {
        done.set(true);
        if (timedOut.get()) {
          // The interrupt was ours, not the caller's: do not leave it set.
          Thread.interrupted();
        }
      }
      watchdog.interrupt();
    }
  }

  @Override
  public String getType() {
    return "mcp-sshd";
  }
}
