package net.metacircular.mcp.agent.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.api.TestCerts;
import net.metacircular.mcp.agent.testing.HttpsReceiver;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import net.metacircular.mcp.schema.api.NotifyTestResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The "done when" over real TLS: a receiver on loopback with a test CA's certificate, which
 * the agent trusts through {@code [[notify]] ca_file}; a real reconcile on the in-memory runtime
 * and its clock. (Reminders after {@code repeat} and the slack and ntfy bodies: NotificationsTest.)
 */
class NotifyHttpsTest {
  @TempDir Path root;
  private final InMemoryRuntime runtime = new InMemoryRuntime();
  private final TestCerts ca = new TestCerts();
  private HttpsReceiver receiver;
  private Path services;
  private Path secret;
  private Path caFile;
  private String svc;

  @BeforeEach
  void setUp() throws Exception {
    receiver = new HttpsReceiver(ca, Files.createDirectories(root.resolve("receiver")));
    caFile = root.resolve("receiver-ca.pem");
    ca.writeCa(caFile);
    services = Files.createDirectories(root.resolve("services"));
    secret = root.resolve("notify-secret");
    Files.writeString(secret, "s3cret\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    svc = runtime.service("web");
  }

  @AfterEach
  void tearDown() {
    receiver.close();
  }

  private void deploy(String image) throws Exception {
    Files.writeString(
        services.resolve(svc + ".toml"),
        "name = \""
            + svc
            + "\"\nnode = \""
            + runtime.prefix()
            + "\"\n\n[[components]]\nname = \"app\"\nimage = \""
            + image
            + "\"\n");
  }

  private Agent agent(String notify) throws Exception {
    return TestAgentSetup.forFolder(root, runtime.prefix(), services).notify(notify).agent(runtime);
  }

  private Agent trustingAgent() throws Exception {
    return agent(
        "[[notify]]\nurl = \""
            + receiver.url("/hook")
            + "\"\nca_file = \""
            + caFile
            + "\"\nsecret_file = \""
            + secret
            + "\"\n");
  }

  private static void tick(Agent a) {
    a.notifications().notifications().scan();
    a.notifications().deliveries().deliverDue();
  }

  private List<JsonNode> messages() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (HttpsReceiver.Received r : receiver.received()) {
      out.add(Notifications.JSON.readTree(r.body()));
    }
    return out;
  }

  private List<String> statuses() throws Exception {
    return messages().stream().map(j -> j.path("status").asText()).toList();
  }

  /** The signature as a receiver checks it, with the JDK's HMAC and the shared key. */
  private static String expectedSignature(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void oneOpenNothingAgainAfterARestartAndOneResolvedOnceTheReceiverIsBack() throws Exception {
    deploy("localhost/mcp-test-missing:1");
    try (Agent a = trustingAgent()) {
      a.loop().sync().get(60, TimeUnit.SECONDS);
      runtime.clock().advance(Duration.ofMinutes(3));
      tick(a);
      tick(a);
      assertThat(statuses()).containsExactly("open");
    }
    HttpsReceiver.Received open = receiver.received().get(0);
    assertThat(open.header("X-mcp-signature")).isEqualTo(expectedSignature(open.body()));
    assertThat(messages().get(0).path("kind").asText()).isEqualTo("failed");

    try (Agent a = trustingAgent()) {
      a.loop().sync().get(60, TimeUnit.SECONDS);
      tick(a);
      assertThat(statuses()).as("a restart re-sends nothing").containsExactly("open");

      receiver.stop();
      deploy(runtime.image());
      a.loop().sync().get(60, TimeUnit.SECONDS);
      tick(a);
      assertThat(a.notifications().deliveries().failed()).isEqualTo(1);
      assertThat(a.notifications().deliveries().queued()).isEqualTo(1);
      assertThat(a.notifications().notifications().open())
          .as("the incident is resolved though its message is not delivered yet")
          .isEmpty();
      // Reconciles go on while the receiver is down: each cycle ends, nothing waits on it.
      for (int i = 0; i < 3; i++) {
        a.loop().sync().get(60, TimeUnit.SECONDS);
        tick(a);
      }
      assertThat(a.notifications().deliveries().failed())
          .as("the next try waits for its backoff")
          .isEqualTo(1);

      receiver.start();
      runtime.clock().advance(Duration.ofMinutes(1));
      tick(a);
      assertThat(statuses()).containsExactly("open", "resolved");
      assertThat(a.notifications().deliveries().queued()).isZero();
    }
    HttpsReceiver.Received resolved = receiver.received().get(1);
    assertThat(resolved.header("X-mcp-signature")).isEqualTo(expectedSignature(resolved.body()));
    assertThat(messages().get(1).path("incident").asText())
        .isEqualTo(messages().get(0).path("incident").asText());
  }

  @Test
  void aTestMessageGoesToEveryReceiverAndSaysWhyOneFailed() throws Exception {
    String toml =
        "[[notify]]\nurl = \""
            + receiver.url("/hook")
            + "\"\nca_file = \""
            + caFile
            + "\"\nsecret_file = \""
            + secret
            + "\"\n[[notify]]\nurl = \""
            + receiver.url("/untrusted")
            + "\"\nformat = \"slack\"\n[[notify]]\nurl = \""
            + receiver.url("/down")
            + "\"\nformat = \"ntfy\"\nca_file = \""
            + caFile
            + "\"\n";
    try (Agent a = agent(toml)) {
      NotifyTestResponse res = a.notifications().test();
      assertThat(res.node()).isEqualTo(runtime.prefix());
      assertThat(res.allDelivered()).isFalse();
      assertThat(res.receivers())
          .extracting(NotifyTestResponse.Receiver::name)
          .containsExactly("notify[1]", "notify[2]", "notify[3]");
      assertThat(res.receivers().get(0).delivered()).isTrue();
      assertThat(res.receivers().get(1).delivered()).isFalse();
      assertThat(res.receivers().get(1).error())
          .as("the JVM's trust store does not hold the test CA")
          .startsWith("TLS handshake failed");
      assertThat(res.receivers().get(2).error()).isEqualTo("the receiver answered 503");
      assertThat(a.notifications().deliveries().failed())
          .as("a test is not a lost incident")
          .isZero();
    }
    assertThat(receiver.received())
        .singleElement()
        .satisfies(r -> assertThat(r.path()).isEqualTo("/hook"));
    HttpsReceiver.Received test = receiver.received().get(0);
    assertThat(test.header("X-mcp-signature")).isEqualTo(expectedSignature(test.body()));
    JsonNode j = Notifications.JSON.readTree(test.body());
    assertThat(j.path("status").asText()).isEqualTo("test");
    assertThat(j.path("node").asText()).isEqualTo(runtime.prefix());
  }
}
