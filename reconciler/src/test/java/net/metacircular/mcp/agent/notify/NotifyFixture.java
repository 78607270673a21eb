package net.metacircular.mcp.agent.notify;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.api.TestCerts;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.LoopbackReceiver;
import net.metacircular.mcp.agent.testing.TestAgentSetup;

/**
 * What the notification tests share: an agent on the in-memory runtime and its clock, reading
 * service files from a folder, with a {@code [[notify]]} table of the test's, a receiver on
 * loopback (HTTP, or HTTPS with a test CA written to {@link #caFile}) and a shared key in {@link
 * #secret} ({@code s3cret}, mode 0600).
 */
final class NotifyFixture implements AutoCloseable {
  final InMemoryRuntime runtime = new InMemoryRuntime();
  final Path root;
  final Path services;
  final Path secret;
  final LoopbackReceiver receiver;

  /** The CA of an HTTPS receiver, as a {@code ca_file}; null for an HTTP one. */
  final Path caFile;

  /** A service of the runtime's, for {@link #deploy}. */
  final String svc;

  private NotifyFixture(Path root, LoopbackReceiver receiver, Path caFile) throws IOException {
    this.root = root;
    this.receiver = receiver;
    this.caFile = caFile;
    services = Files.createDirectories(root.resolve("services"));
    secret = root.resolve("notify-secret");
    Files.writeString(secret, "s3cret\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    svc = runtime.service("web");
  }

  static NotifyFixture http(Path root) throws IOException {
    return new NotifyFixture(root, LoopbackReceiver.http(), null);
  }

  static NotifyFixture https(Path root) throws IOException {
    TestCerts ca = new TestCerts();
    LoopbackReceiver receiver =
        LoopbackReceiver.https(ca, Files.createDirectories(root.resolve("receiver")));
    Path caFile = root.resolve("receiver-ca.pem");
    ca.writeCa(caFile);
    return new NotifyFixture(root, receiver, caFile);
  }

  /** Writes {@link #svc}'s file: one component {@code app} of this image. */
  void deploy(String image) throws IOException {
    deploy(svc, image, "");
  }

  /** Writes a service's file: {@code extra} top-level lines, one component {@code app}. */
  void deploy(String service, String image, String extra) throws IOException {
    Files.writeString(
        services.resolve(service + ".toml"),
        "name = \""
            + service
            + "\"\nnode = \""
            + runtime.prefix()
            + "\"\n"
            + extra
            + "\n[[components]]\nname = \"app\"\nimage = \""
            + image
            + "\"\n");
  }

  /** An agent with these {@code [[notify]]} (and {@code [incidents]}) tables. */
  Agent agent(String notify) throws Exception {
    return TestAgentSetup.forFolder(root, runtime.prefix(), services).notify(notify).agent(runtime);
  }

  /** One turn of the notifier: look for incidents, deliver what is due. */
  static void tick(Agent a) {
    a.notifications().notifications().scan();
    a.notifications().deliveries().deliverDue();
  }

  @Override
  public void close() {
    receiver.close();
  }
}
