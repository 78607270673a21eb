package net.metacircular.mcp.agent.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incidents from a real reconcile on the in-memory runtime and its clock, delivered to a real HTTP
 * receiver on loopback.
 */
class NotificationsTest {
  /** What the receiver was sent. */
  record Received(Map<String, List<String>> headers, byte[] body) {
    JsonNode json() throws Exception {
      return Notifications.JSON.readTree(body);
    }
  }

  @TempDir Path root;
  private HttpServer server;
  private final List<Received> received = new ArrayList<>();
  private volatile int answer = 200;
  private final InMemoryRuntime runtime = new InMemoryRuntime();
  private Path services;
  private Path secret;
  private String svc;

  @BeforeEach
  void receiver() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          synchronized (received) {
            if (answer == 200) {
              received.add(new Received(Map.copyOf(ex.getRequestHeaders()), body));
            }
          }
          ex.sendResponseHeaders(answer, -1);
          ex.close();
        });
    server.start();
    services = Files.createDirectories(root.resolve("services"));
    secret = root.resolve("notify-secret");
    Files.writeString(secret, "s3cret\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    svc = runtime.service("web");
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
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

  private Agent agent() throws Exception {
    return TestAgentSetup.forFolder(root, runtime.prefix(), services)
        .notify(
            "[[notify]]\nurl = \""
                + url("/json")
                + "\"\nsecret_file = \""
                + secret
                + "\"\nrepeat = \"4h\"\n[[notify]]\nurl = \""
                + url("/slack")
                + "\"\nformat = \"slack\"\nkinds = [\"crash_loop\"]\n")
        .agent(runtime);
  }

  private static void tick(Agent a) {
    a.notifications().notifications().scan();
    a.notifications().deliveries().deliverDue();
  }

  private List<String> statuses() throws Exception {
    List<String> out = new ArrayList<>();
    synchronized (received) {
      for (Received r : received) {
        out.add(r.json().path("status").asText());
      }
    }
    return out;
  }

  @Test
  void aFailingImageOpensOneIncidentRemindsAfterRepeatAndAFixResolvesItAcrossARestart()
      throws Exception {
    deploy("localhost/mcp-test-missing:1");
    try (Agent a = agent()) {
      a.loop().sync().get(60, TimeUnit.SECONDS);
      runtime.clock().advance(Duration.ofMinutes(3));
      tick(a);
      tick(a);
      assertThat(statuses()).containsExactly("open");
      Received open = received.get(0);
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
      tick(a);
      assertThat(statuses()).as("no reminder before repeat").containsExactly("open");
      runtime.clock().advance(Duration.ofHours(1));
      tick(a);
      assertThat(statuses()).containsExactly("open", "reminder");
    }
    // A restart re-sends nothing, and still resolves the incident it opened.
    try (Agent a = agent()) {
      a.loop().sync().get(60, TimeUnit.SECONDS);
      tick(a);
      assertThat(statuses()).containsExactly("open", "reminder");
      deploy(runtime.image());
      a.loop().sync().get(60, TimeUnit.SECONDS);
      tick(a);
      tick(a);
      assertThat(statuses()).containsExactly("open", "reminder", "resolved");
      assertThat(received.get(2).json().path("incident").asText())
          .isEqualTo(received.get(0).json().path("incident").asText());
      assertThat(a.notifications().notifications().open()).isEmpty();
    }
  }

  @Test
  void aReceiverDownGetsTheQueuedMessageOnceItIsBackAndTheFailureIsCounted() throws Exception {
    deploy("localhost/mcp-test-missing:1");
    answer = 503;
    try (Agent a = agent()) {
      a.loop().sync().get(60, TimeUnit.SECONDS);
      runtime.clock().advance(Duration.ofMinutes(3));
      tick(a);
      assertThat(received).isEmpty();
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
    answer = 200;
    try (Agent a = agent()) {
      tick(a);
      assertThat(received).as("not yet due: the backoff holds it").isEmpty();
      runtime.clock().advance(Duration.ofMinutes(1));
      tick(a);
      assertThat(statuses()).containsExactly("open");
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

  private void deploySelfHealOff(String service, String image) throws Exception {
    Files.writeString(
        services.resolve(service + ".toml"),
        "name = \""
            + service
            + "\"\nnode = \""
            + runtime.prefix()
            + "\"\nself_heal = false\n\n[[components]]\nname = \"app\"\nimage = \""
            + image
            + "\"\n");
  }

  @Test
  void driftIsAnIncidentOnlyWhereSelfHealIsOffAndOnlyOnceItHasLastedOpenAfter() throws Exception {
    String kept = runtime.service("kept");
    deploy(runtime.image());
    deploySelfHealOff(kept, runtime.image());
    try (Agent a =
        TestAgentSetup.forFolder(root, runtime.prefix(), services)
            .notify(
                "[[notify]]\nurl = \"" + url("/json") + "\"\n\n[incidents]\nopen_after = \"10m\"\n")
            .agent(runtime)) {
      a.loop().sync().get(60, TimeUnit.SECONDS);
      runtime.kill(svc + "-app");
      runtime.kill(kept + "-app");
      a.loop().sync().get(60, TimeUnit.SECONDS);
      runtime.clock().advance(Duration.ofMinutes(3));
      tick(a);
      assertThat(received).as("not before open_after (10m)").isEmpty();
      runtime.clock().advance(Duration.ofMinutes(8));
      tick(a);
      assertThat(statuses()).containsExactly("open");
      JsonNode j = received.get(0).json();
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
      for (Received r : received) {
        incidents.add(r.json().path("incident").asText());
      }
      assertThat(incidents).containsExactly("i3", "i4", "i5");
    }
  }

  @Test
  void reorderingTheNotifyTablesReSendsNothing() throws Exception {
    deploy("localhost/mcp-test-missing:1");
    try (Agent a = agent()) {
      a.loop().sync().get(60, TimeUnit.SECONDS);
      runtime.clock().advance(Duration.ofMinutes(3));
      tick(a);
      assertThat(statuses()).containsExactly("open");
    }
    String reordered =
        "[[notify]]\nurl = \""
            + url("/slack")
            + "\"\nformat = \"slack\"\nkinds = [\"crash_loop\"]\n[[notify]]\nurl = \""
            + url("/json")
            + "\"\nsecret_file = \""
            + secret
            + "\"\nrepeat = \"4h\"\n";
    try (Agent a =
        TestAgentSetup.forFolder(root, runtime.prefix(), services)
            .notify(reordered)
            .agent(runtime)) {
      assertThat(a.config().notifiers().get(1).name()).isEqualTo("notify[2]");
      a.loop().sync().get(60, TimeUnit.SECONDS);
      runtime.clock().advance(Duration.ofMinutes(1));
      tick(a);
      assertThat(statuses())
          .as("the json receiver, now notify[2], was told already: kept by its url")
          .containsExactly("open");
      deploy(runtime.image());
      a.loop().sync().get(60, TimeUnit.SECONDS);
      tick(a);
      assertThat(statuses()).containsExactly("open", "resolved");
    }
  }
}
