package net.metacircular.mcp.agent.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.testing.LoopbackReceiver;
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
  private NotifyFixture f;
  private LoopbackReceiver receiver;

  @BeforeEach
  void setUp() throws Exception {
    f = NotifyFixture.https(root);
    receiver = f.receiver;
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private Agent trustingAgent() throws Exception {
    return f.agent(
        "[[notify]]\nurl = \""
            + receiver.url("/hook")
            + "\"\nca_file = \""
            + f.caFile
            + "\"\nsecret_file = \""
            + f.secret
            + "\"\n");
  }

  private List<JsonNode> messages() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (LoopbackReceiver.Received r : receiver.received()) {
      out.add(r.json());
    }
    return out;
  }

  /** The signature as a receiver checks it, with the JDK's HMAC and the shared key. */
  private static String expectedSignature(byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
  }

  @Test
  void oneOpenNothingAgainAfterARestartAndOneResolvedOnceTheReceiverIsBack() throws Exception {
    f.deploy("localhost/mcp-test-missing:1");
    try (Agent a = trustingAgent()) {
      a.loop().sync().get(60, TimeUnit.SECONDS);
      f.runtime.clock().advance(Duration.ofMinutes(3));
      NotifyFixture.tick(a);
      NotifyFixture.tick(a);
      assertThat(receiver.statuses()).containsExactly("open");
    }
    LoopbackReceiver.Received open = receiver.received().get(0);
    assertThat(open.header("X-mcp-signature")).isEqualTo(expectedSignature(open.body()));
    assertThat(messages().get(0).path("kind").asText()).isEqualTo("failed");

    try (Agent a = trustingAgent()) {
      a.loop().sync().get(60, TimeUnit.SECONDS);
      NotifyFixture.tick(a);
      assertThat(receiver.statuses()).as("a restart re-sends nothing").containsExactly("open");

      receiver.stop();
      f.deploy(f.runtime.image());
      a.loop().sync().get(60, TimeUnit.SECONDS);
      NotifyFixture.tick(a);
      assertThat(a.notifications().deliveries().failed()).isEqualTo(1);
      assertThat(a.notifications().deliveries().queued()).isEqualTo(1);
      assertThat(a.notifications().notifications().open())
          .as("the incident is resolved though its message is not delivered yet")
          .isEmpty();
      // Reconciles go on while the receiver is down: each cycle ends, nothing waits on it.
      for (int i = 0; i < 3; i++) {
        a.loop().sync().get(60, TimeUnit.SECONDS);
        NotifyFixture.tick(a);
      }
      assertThat(a.notifications().deliveries().failed())
          .as("the next try waits for its backoff")
          .isEqualTo(1);

      receiver.start();
      f.runtime.clock().advance(Duration.ofMinutes(1));
      NotifyFixture.tick(a);
      assertThat(receiver.statuses()).containsExactly("open", "resolved");
      assertThat(a.notifications().deliveries().queued()).isZero();
    }
    LoopbackReceiver.Received resolved = receiver.received().get(1);
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
            + f.caFile
            + "\"\nsecret_file = \""
            + f.secret
            + "\"\n[[notify]]\nurl = \""
            + receiver.url("/untrusted")
            + "\"\nformat = \"slack\"\n[[notify]]\nurl = \""
            + receiver.url("/down")
            + "\"\nformat = \"ntfy\"\nca_file = \""
            + f.caFile
            + "\"\n";
    try (Agent a = f.agent(toml)) {
      NotifyTestResponse res = a.notifications().test();
      assertThat(res.node()).isEqualTo(f.runtime.prefix());
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
    LoopbackReceiver.Received test = receiver.received().get(0);
    assertThat(test.header("X-mcp-signature")).isEqualTo(expectedSignature(test.body()));
    JsonNode j = Notifications.JSON.readTree(test.body());
    assertThat(j.path("status").asText()).isEqualTo("test");
    assertThat(j.path("node").asText()).isEqualTo(f.runtime.prefix());
  }
}
