package net.metacircular.mcp.agent.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import net.metacircular.mcp.agent.testing.Executables;

/**
 * A real OpenSSH server for one test: on 127.0.0.1 and a free port, with its own host key, config
 * and authorized_keys holding a freshly generated deploy key. The login user is the one running the
 * tests; git-upload-pack comes from its PATH.
 */
final class SshServer implements AutoCloseable {
  private final Path dir;
  private final int port;
  private final Path config;
  private final Path log;
  private final Path deployKey;
  private final Path hostKey;
  private Process process;

  SshServer(Path dir) {
    this.dir = dir;
    this.port = Proc.freePort();
    this.config = dir.resolve("sshd_config");
    this.log = dir.resolve("sshd.log");
    this.deployKey = dir.resolve("deploy_key");
    this.hostKey = dir.resolve("host_key");
    try {
      Files.createDirectories(dir);
      if (isRoot()) {
        Files.createDirectories(Path.of("/run/sshd"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    keygen(hostKey, "host");
    keygen(deployKey, "deploy");
    try {
      Files.copy(dir.resolve("deploy_key.pub"), dir.resolve("authorized_keys"));
      Files.writeString(
          config,
          String.join(
              "\n",
              "Port " + port,
              "ListenAddress 127.0.0.1",
              "HostKey " + hostKey,
              "PidFile " + dir.resolve("sshd.pid"),
              "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
              "StrictModes no",
              "UsePAM no",
              "PubkeyAuthentication yes",
              "PasswordAuthentication no",
              "KbdInteractiveAuthentication no",
              "PermitRootLogin prohibit-password",
              "AllowTcpForwarding no",
              "X11Forwarding no",
              "PrintMotd no",
              "LogLevel VERBOSE",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Generates an ed25519 key pair without passphrase at {@code file} and {@code file.pub}. */
  static void keygen(Path file, String comment) {
    Proc.run(
        file.getParent(),
        Map.of(),
        List.of(
            Executables.system().require("ssh-keygen").toString(),
            "-q",
            "-t",
            "ed25519",
            "-N",
            "",
            "-C",
            comment,
            "-f",
            file.toString()));
  }

  SshServer start() {
    Path sshd = Executables.system().require("sshd");
    process = Proc.start(dir, List.of(sshd.toString(), "-D", "-e", "-f", config.toString()), log);
    Proc.awaitPort(port, process, log, Duration.ofSeconds(15));
    return this;
  }

  void stop() {
    Proc.stop(process);
    process = null;
  }

  int port() {
    return port;
  }

  Path deployKey() {
    return deployKey;
  }

  /** An ssh:// URL of a repository path on this server, with the login user. */
  String url(Path repo) {
    return "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + port + repo;
  }

  /** A known_hosts line for this server's real host key. */
  String knownHostsLine() {
    return knownHostsLine(dir.resolve("host_key.pub"));
  }

  /** A known_hosts line naming this server with the public key in {@code pub}. */
  String knownHostsLine(Path pub) {
    try {
      String[] parts = Files.readString(pub).strip().split("\\s+");
      return "[127.0.0.1]:" + port + " " + parts[0] + " " + parts[1] + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String log() {
    return Proc.read(log);
  }

  @Override
  public void close() {
    stop();
  }
}
