package net.metacircular.mcp.agent.source;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * Strict host key checking against one known_hosts file: a host that is not in it, or whose key
 * differs from the one recorded, is refused; nothing is ever added to the file. Why the last key
 * was refused is kept for the fetch's error message.
 */
final class KnownHostsDatabase implements ServerKeyDatabase {
  private static final int SSH_PORT = 22;
  private static final String REVOKED = "revoked";

  private final Path file;
  private final AtomicReference<String> problem = new AtomicReference<>();
  private final java.util.concurrent.atomic.AtomicBoolean verified =
      new java.util.concurrent.atomic.AtomicBoolean();

  KnownHostsDatabase(Path file) {
    this.file = file;
  }

  /**
   * Whether a host key was accepted since the last {@link #clearProblem}: the ssh handshake got as
   * far as authentication.
   */
  boolean verified() {
    return verified.get();
  }

  /** Why the last host key was refused, since the last {@link #clearProblem}. */
  Optional<String> problem() {
    return Optional.ofNullable(problem.get());
  }

  void clearProblem() {
    problem.set(null);
    verified.set(false);
  }

  @Override
  public List<PublicKey> lookup(
      String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
    HostPort target = HostPort.parse(connectAddress, remoteAddress);
    List<PublicKey> keys = new ArrayList<>();
    try {
      for (Entry e : entries()) {
        if (!e.revoked() && e.matches(target)) {
          keys.add(e.key());
        }
      }
    } catch (IOException | GeneralSecurityException e) {
      // accept() reports it
    }
    return keys;
  }

  @Override
  public boolean accept(
      String connectAddress,
      InetSocketAddress remoteAddress,
      PublicKey serverKey,
      Configuration config,
      CredentialsProvider provider) {
    HostPort target = HostPort.parse(connectAddress, remoteAddress);
    String offered = KeyUtils.getKeyType(serverKey) + " " + KeyUtils.getFingerPrint(serverKey);
    List<Entry> entries;
    try {
      entries = entries();
    } catch (IOException | GeneralSecurityException e) {
      return refuse(
          "cannot read known_hosts file "
              + file
              + " ("
              + e.getMessage()
              + "), so the host key of "
              + target
              + " cannot be checked");
    }
    boolean known = false;
    for (Entry e : entries) {
      if (!e.matches(target)) {
        continue;
      }
      boolean same = KeyUtils.compareKeys(e.key(), serverKey);
      if (e.revoked()) {
        if (same) {
          return refuse(
              "host key of "
                  + target
                  + " ("
                  + offered
                  + ") is revoked in known_hosts file "
                  + file);
        }
        continue;
      }
      if (same) {
        verified.set(true);
        return true;
      }
      known = true;
    }
    if (known) {
      return refuse(
          "host key of "
              + target
              + " ("
              + offered
              + ") does not match the key recorded for it in known_hosts file "
              + file
              + ": the host key changed, or this is not the right host; refused");
    }
    return refuse(
        "host "
            + target
            + " is not in known_hosts file "
            + file
            + " (it offered "
            + offered
            + "); unknown hosts are refused: add its key to that file");
  }

  private boolean refuse(String why) {
    problem.set(why);
    return false;
  }

  private List<Entry> entries() throws IOException, GeneralSecurityException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("no such file");
    }
    List<Entry> out = new ArrayList<>();
    for (KnownHostEntry e : KnownHostEntry.readKnownHostEntries(file)) {
      AuthorizedKeyEntry keyEntry = e.getKeyEntry();
      if (keyEntry == null) {
        continue;
      }
      String marker = e.getMarker();
      if (marker != null && !marker.isEmpty() && !REVOKED.equalsIgnoreCase(marker)) {
        continue; // @cert-authority: host certificates are not supported
      }
      PublicKey key =
          keyEntry.resolvePublicKey(null, java.util.Map.of(), PublicKeyEntryResolver.IGNORING);
      if (key != null) {
        out.add(new Entry(e, key, REVOKED.equalsIgnoreCase(marker)));
      }
    }
    return out;
  }

  private record Entry(KnownHostEntry entry, PublicKey key, boolean revoked) {
    boolean matches(HostPort target) {
      return entry.isHostMatch(target.host(), target.port());
    }
  }

  /** The host as the connection named it, and its port. */
  record HostPort(String host, int port) {
    static HostPort parse(String connectAddress, InetSocketAddress remote) {
      String a = connectAddress == null ? "" : connectAddress;
      if (a.startsWith("[")) {
        int close = a.indexOf(']');
        if (close > 0) {
          String host = a.substring(1, close);
          String rest = a.substring(close + 1);
          if (rest.startsWith(":")) {
            try {
              return new HostPort(host, Integer.parseInt(rest.substring(1)));
            } catch (NumberFormatException e) {
              // fall through
            }
          }
          return new HostPort(host, remote == null ? SSH_PORT : remote.getPort());
        }
      }
      if (a.isEmpty() && remote != null) {
        return new HostPort(remote.getHostString(), remote.getPort());
      }
      return new HostPort(a, remote == null ? SSH_PORT : remote.getPort());
    }

    @Override
    public String toString() {
      return port == SSH_PORT ? host : "[" + host + "]:" + port;
    }
  }
}
