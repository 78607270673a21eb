package net.metacircular.mcp.agent.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.LoopbackReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incidents from a real reconcile on the in-memory runtime and its clock, delivered to a real HTTP
 * receiver on loopback.
 */
class NotificationsTest {
  @TempDir Path root;
  private NotifyFixture f;
  private LoopbackReceiver receiver;
  private InMemoryRuntime runtime;
  private String svc;

  @BeforeEach
  void setUp() throws Exception {
    f = NotifyFixture.http(root);
    receiver = f.receiver;
    runtime = f.runtime;
    svc = f.svc;
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  private Agent agent() throws Exception {
    return f.agent(
        "[[notify]]\nurl = \""
            + receiver.url("/json")
            + "\"\nsecret_file = \""
            + f.secret
            + "\"\nrepeat = \"4h\"\n[[notify]]\nurl = \""
            + receiver.url("/slack")
            + "\"\nformat = \"slack\"\nkinds = [\"crash_loop\"]\n");
  }

  @Test
  void aFailingImageOpensOneIncidentRemindsAfterRepeatAndAFixResolvesItAcrossARestart()
      throws Exception {
    f.deploy("localhost/mcp-test-missing:1");
    try (Agent a = agent()) {
      a.loop().sync().get(60, TimeUnit.SECONDS);
      runtime.clock().advance(Duration.ofMinutes(3));
      NotifyFixture.tick(a);
      NotifyFixture.tick(a);
      assertThat(receiver.statuses()).containsExactly("open");
      LoopbackReceiver.Received open = receiver.received().get(0);
      JsonNode j = open.json();
      assertThat(j.path("service").asText()).isEqualTo(svc);
      assertThat(j.path("component").asText()).isEqualTo("app");
      assertThat(j.path("kind").asText()).isEqualTo("failed");
      assertThat(j.path("node").asText()).isEqualTo(runtime.prefix());
      assertThat(j.path("incident").asText()).hasSize(16);
      assertThat(open.headers().get("X-mcp-signature"))
          .containsExactly(
              "sha256=" + Deliveries.hmac("s3cret".getBytes(StandardCharsets.UTF_8), open.body()));

      runtime.clock().advance(Duration.ofHours(3));
      a.loop().sync().get(60, TimeUnit.SECONDS);
      NotifyFixture.tick(a);
      assertThat(receiver.statuses()).as("no reminder before repeat").containsExactly("open");
      runtime.clock().advance(Duration.ofHours(1));
      NotifyFixture.tick(a);
      assertThat(receiver.statuses()).containsExactly("open", "reminder");
    }
    // A restart re-sends nothing, and still resolves the incident it opened.
    try (Agent a = agent()) {
      a.loop().sync().get(60, TimeUnit.SECONDS);
      NotifyFixture.tick(a);
      assertThat(receiver.statuses()).containsExactly("open", "reminder");
      f.deploy(runtime.image());
      a.loop().sync().get(60, TimeUnit.SECONDS);
      NotifyFixture.tick(a);
      NotifyFixture.tick(a);
      assertThat(receiver.statuses()).containsExactly("open", "reminder", "resolved");
      assertThat(receiver.received().get(2).json().path("incident").asText())
          .isEqualTo(receiver.received().get(0).json().path("incident").asText());
      assertThat(a.notifications().notifications().open()).isEmpty();
    }
  }

  @Test
  void aReceiverDownGetsTheQueuedMessageOnceItIsBackAndTheFailureIsCounted() throws Exception {
    f.deploy("localhost/mcp-test-missing:1");
    receiver.answer(503);
    try (Agent a = agent()) {
      a.loop().sync().get(60, TimeUnit.SECONDS);
      runtime.clock().advance(Duration.ofMinutes(3));
      NotifyFixture.tick(a);
      assertThat(receiver.received()).isEmpty();
      assertThat(a.notifications().deliveries().failed()).isEqualTo(1);
      assertThat(a.notifications().deliveries().lastError()).contains("the receiver answered 503");
      assertThat(a.notifications().deliveries().queued()).isEqualTo(1);
      var status = a.notifications().status();
      assertThat(status.receivers()).isEqualTo(2);
      assertThat(status.openIncidents()).isEqualTo(1);
      assertThat(status.queued()).isEqualTo(1);
      assertThat(status.failed()).isEqualTo(1);
      assertThat(status.lastError()).startsWith("notify[1] http://127.0.0.1:");
    }
    receiver.answer(200);
    try (Agent a = agent()) {
      NotifyFixture.tick(a);
      assertThat(receiver.received()).as("not yet due: the backoff holds it").isEmpty();
      runtime.clock().advance(Duration.ofMinutes(1));
      NotifyFixture.tick(a);
      assertThat(receiver.statuses()).containsExactly("open");
      assertThat(a.notifications().deliveries().queued()).isZero();
    }
  }

  @Test
  void slackAndNtfyBodiesHaveTheirShapes() throws Exception {
    String json =
        "{\"incident\":\"0123456789abcdef\",\"status\":\"open\",\"node\":\"rift\",\"service\":\"web\","
            + "\"component\":\"app\",\"kind\":\"failed\",\"message\":\"pull failed\",\"commit\":\"\","
            + "\"since\":\"2026-01-01T00:00:00Z\",\"time\":\"2026-01-01T00:02:00Z\"}";
    Message slack =
        Message.render(net.metacircular.mcp.agent.config.NotifyConfig.Format.SLACK, json);
    assertThat(Notifications.JSON.readTree(slack.body()).path("text").asText())
        .isEqualTo("[open] web/app failed on rift\npull failed");
    Message ntfy = Message.render(net.metacircular.mcp.agent.config.NotifyConfig.Format.NTFY, json);
    assertThat(new String(ntfy.body(), StandardCharsets.UTF_8)).isEqualTo("pull failed");
    assertThat(ntfy.headers()).containsEntry("Title", "[open] web/app failed on rift");
  }

  @Test
  void driftIsAnIncidentOnlyWhereSelfHealIsOffAndOnlyOnceItHasLastedOpenAfter() throws Exception {
    String kept = runtime.service("kept");
    f.deploy(runtime.image());
    f.deploy(kept, runtime.image(), "self_heal = false\n");
    try (Agent a =
        f.agent(
            "[[notify]]\nurl = \""
                + receiver.url("/json")
                + "\"\n\n[incidents]\nopen_after = \"10m\"\n")) {
      a.loop().sync().get(60, TimeUnit.SECONDS);
      runtime.kill(svc + "-app");
      runtime.kill(kept + "-app");
      a.loop().sync().get(60, TimeUnit.SECONDS);
      runtime.clock().advance(Duration.ofMinutes(3));
      NotifyFixture.tick(a);
      assertThat(receiver.received()).as("not before open_after (10m)").isEmpty();
      runtime.clock().advance(Duration.ofMinutes(8));
      NotifyFixture.tick(a);
      assertThat(receiver.statuses()).containsExactly("open");
      JsonNode j = receiver.received().get(0).json();
      assertThat(j.path("kind").asText()).isEqualTo("drift");
      assertThat(j.path("service").asText())
          .as("the service that heals itself is no incident")
          .isEqualTo(kept);
    }
  }

  @Test
  void theOutboxKeepsTheNewestMessagesUpToItsBoundAndCountsTheDropped() throws Exception {
    try (Agent a = agent()) {
      var receivers = a.config().notifiers();
      String key = receivers.get(0).key();
      java.time.Instant now = runtime.clock().instant();
      for (int i = 1; i <= 5; i++) {
        String body =
            "{\"incident\":\"i"
                + i
                + "\",\"status\":\"open\",\"node\":\"n\",\"service\":\"s\",\"component\":\"c\","
                + "\"kind\":\"failed\",\"message\":\"m\",\"commit\":\"\",\"since\":\"x\",\"time\":\"x\"}";
        a.registry().useTransaction(tx -> new IncidentStore(tx.handle()).enqueue(key, body, now));
      }
      Deliveries bounded = new Deliveries(a.registry(), receivers, runtime.clock(), 3);
      assertThat(bounded.deliverDue()).isEqualTo(3);
      assertThat(bounded.dropped()).isEqualTo(2);
      List<String> incidents = new ArrayList<>();
      for (LoopbackReceiver.Received r : receiver.received()) {
        incidents.add(r.json().path("incident").asText());
      }
      assertThat(incidents).containsExactly("i3", "i4", "i5");
    }
  }

  @Test
  void reorderingTheNotifyTablesReSendsNothing() throws Exception {
    f.deploy("localhost/mcp-test-missing:1");
    try (Agent a = agent()) {
      a.loop().sync().get(60, TimeUnit.SECONDS);
      runtime.clock().advance(Duration.ofMinutes(3));
      NotifyFixture.tick(a);
      assertThat(receiver.statuses()).containsExactly("open");
    }
    String reordered =
        "[[notify]]\nurl = \""
            + receiver.url("/slack")
            + "\"\nformat = \"slack\"\nkinds = [\"crash_loop\"]\n[[notify]]\nurl = \""
            + receiver.url("/json")
            + "\"\nsecret_file = \""
            + f.secret
            + "\"\nrepeat = \"4h\"\n";
    try (Agent a = f.agent(reordered)) {
      assertThat(a.config().notifiers().get(1).name()).isEqualTo("notify[2]");
      a.loop().sync().get(60, TimeUnit.SECONDS);
      runtime.clock().advance(Duration.ofMinutes(1));
      NotifyFixture.tick(a);
      assertThat(receiver.statuses())
          .as("the json receiver, now notify[2], was told already: kept by its url")
          .containsExactly("open");
      f.deploy(runtime.image());
      a.loop().sync().get(60, TimeUnit.SECONDS);
      NotifyFixture.tick(a);
      assertThat(receiver.statuses()).containsExactly("open", "resolved");
    }
  }
}
