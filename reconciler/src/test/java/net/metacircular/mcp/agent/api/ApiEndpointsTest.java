package net.metacircular.mcp.agent.api;

import static net.metacircular.mcp.agent.api.ApiTestAgent.READ;
import static net.metacircular.mcp.agent.api.ApiTestAgent.component;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import net.metacircular.mcp.schema.api.Accepted;
import net.metacircular.mcp.schema.api.ComponentStatus;
import net.metacircular.mcp.schema.api.ContainerInfo;
import net.metacircular.mcp.schema.api.EventInfo;
import net.metacircular.mcp.schema.api.EventsResponse;
import net.metacircular.mcp.schema.api.HealthResponse;
import net.metacircular.mcp.schema.api.LogsResponse;
import net.metacircular.mcp.schema.api.PsResponse;
import net.metacircular.mcp.schema.api.ReconcileResponse;
import net.metacircular.mcp.schema.api.RestartResponse;
import net.metacircular.mcp.schema.api.ServiceDetail;
import net.metacircular.mcp.schema.api.ServiceStatus;
import net.metacircular.mcp.schema.api.ServicesResponse;
import net.metacircular.mcp.schema.api.SnapshotResponse;
import net.metacircular.mcp.schema.api.StatusResponse;
import net.metacircular.mcp.schema.status.ConditionKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint against a running agent on a folder source and real podman. */
@RequiresPodman
class ApiEndpointsTest {
  private ApiTestAgent a;
  private TestPodman t;
  private String svc;

  @BeforeEach
  void setUp(TestPodman podman, @TempDir Path root) throws Exception {
    t = podman;
    a = new ApiTestAgent(root, ApiTestAgent.Setup.of(t.prefix(), t.environment()));
    svc = t.service("app");
    writeApp(t.image());
    a.sync();
  }

  @AfterEach
  void tearDown() {
    try {
      a.close();
    } finally {
      t.removeAll();
    }
  }

  private void writeApp(String webImage, String... top) throws Exception {
    a.write(
        svc,
        a.service(svc, String.join("\n", top) + "\n")
            + component("api", t.image())
            + component("web", webImage, "depends_on = [\"api\"]"));
  }

  private ObservedContainer container(String name) {
    return t.containers().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void statusShowsDesiredAppliedAndObserved() throws Exception {
    HttpResponse<String> r = a.get("/v1/status", READ);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.body()).contains("\"desired_spec_hash\"").contains("\"out_of_sync\"");
    StatusResponse s = a.read(r, StatusResponse.class);
    assertThat(s.node()).isEqualTo(t.prefix());
    assertThat(s.healthy()).isTrue();
    assertThat(s.source().location()).isEqualTo(a.services.toString());
    assertThat(s.source().fetchedCommit()).isNotNull().isEqualTo(s.source().appliedCommit());
    assertThat(s.source().error()).isNull();
    assertThat(s.lastReconcileAt()).isNotNull();
    ServiceStatus app = s.services().get(0);
    assertThat(app.name()).isEqualTo(svc);
    assertThat(app.drift()).isFalse();
    assertThat(app.outOfSync()).isFalse();
    assertThat(app.components()).extracting(ComponentStatus::name).containsExactly("api", "web");
    ComponentStatus web = app.components().get(1);
    assertThat(web.container()).isEqualTo(svc + "-web");
    assertThat(web.desiredImage()).isEqualTo(t.image());
    assertThat(web.desiredSpecHash())
        .isEqualTo(web.appliedSpecHash())
        .isEqualTo(web.observedSpecHash());
    assertThat(web.observedState()).isEqualTo("running");
    assertThat(web.managed()).isTrue();
    assertThat(web.containerId()).isEqualTo(container(svc + "-web").id());
    // The typed condition: ok since it was created, converged, nothing to retry.
    assertThat(r.body()).contains("\"condition_kind\":\"ok\"");
    assertThat(web.kind()).contains(ConditionKind.OK);
    assertThat(web.conditionSince()).isNotNull();
    assertThat(web.failureClass()).isNull();
    assertThat(web.nextRetry()).isNull();
    assertThat(web.converged()).isTrue();
    assertThat(web.failed()).isFalse();
    assertThat(web.waiting()).isFalse();
    assertThat(s.events()).extracting(EventInfo::kind).contains("created");

    // Drift: a container stopped behind the agent's back shows, and status is unhealthy.
    t.podman().stop(svc + "-web", java.time.Duration.ofSeconds(2));
    StatusResponse drifted = a.read(a.get("/v1/status?service=" + svc), StatusResponse.class);
    assertThat(drifted.healthy()).isFalse();
    assertThat(drifted.services()).hasSize(1);
    assertThat(drifted.services().get(0).drift()).isTrue();
    assertThat(drifted.services().get(0).components().get(1).drift()).isTrue();
    assertThat(drifted.services().get(0).components().get(1).converged()).isFalse();
    assertThat(drifted.services().get(0).components().get(0).drift()).isFalse();

    a.assertError(a.get("/v1/status?service=nosuch"), 404, "NOT_FOUND");
    a.assertError(a.get("/v1/status?service=../x"), 400, "INVALID_ARGUMENT");
  }

  @Test
  void aComponentWhoseHealthCheckKeepsFailingMakesTheStatusUnhealthy() throws Exception {
    String sick = t.service("sick");
    a.write(
        sick,
        a.service(
            sick,
            component(
                "db",
                t.image(),
                "[components.health]",
                "cmd = [\"false\"]",
                "interval = \"1s\"",
                "retries = 1")));
    a.sync();
    a.sync();

    StatusResponse s = a.read(a.get("/v1/status", READ), StatusResponse.class);
    ComponentStatus db = componentOf(s, sick, 0);
    // podman shows it running, but its health check fails: not a healthy node.
    assertThat(db.observedState()).isEqualTo("running");
    assertThat(db.health()).isEqualTo("unhealthy");
    assertThat(db.unhealthy()).isTrue();
    assertThat(s.healthy()).as("status of a node with an unhealthy component").isFalse();
    assertThat(db.converged()).isFalse();
    assertThat(componentOf(s, svc, 1).unhealthy()).isFalse();
  }

  private static ComponentStatus componentOf(StatusResponse s, String service, int index) {
    return s.services().stream()
        .filter(x -> x.name().equals(service))
        .findFirst()
        .orElseThrow()
        .components()
        .get(index);
  }

  @Test
  void servicesComeFromTheRegistryWithTheSpecText() throws Exception {
    ServicesResponse list = a.read(a.get("/v1/services", READ), ServicesResponse.class);
    assertThat(list.services()).hasSize(1);
    assertThat(list.services().get(0).name()).isEqualTo(svc);
    assertThat(list.services().get(0).deploy()).isEqualTo("auto");
    assertThat(list.services().get(0).components())
        .extracting(c -> c.container())
        .containsExactly(svc + "-api", svc + "-web");
    assertThat(list.services().get(0).components().get(0).state()).isEqualTo("running");

    ServiceDetail one = a.read(a.get("/v1/services/" + svc, READ), ServiceDetail.class);
    assertThat(one.specToml()).isEqualTo(Files.readString(a.services.resolve(svc + ".toml")));
    assertThat(one.service().appliedCommit()).isNotNull();
    a.assertError(a.get("/v1/services/nosuch"), 404, "NOT_FOUND");
  }

  @Test
  void psShowsLiveContainersWithUptime() throws Exception {
    PsResponse ps = a.read(a.get("/v1/ps", READ), PsResponse.class);
    assertThat(ps.containers())
        .extracting(ContainerInfo::name)
        .containsExactly(svc + "-api", svc + "-web");
    ContainerInfo api = ps.containers().get(0);
    assertThat(api.service()).isEqualTo(svc);
    assertThat(api.component()).isEqualTo("api");
    assertThat(api.state()).isEqualTo("running");
    assertThat(api.managed()).isTrue();
    assertThat(api.uptimeSeconds()).isNotNull().isBetween(0L, 600L);
    assertThat(api.status()).startsWith("Up");
  }

  @Test
  void syncAppliesANewCommitAndAnswersWithItsActions() throws Exception {
    String before = container(svc + "-web").id();
    writeApp(t.image("v2"));
    HttpResponse<String> r = a.post("/v1/sync", "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    ReconcileResponse sync = a.read(r, ReconcileResponse.class);
    assertThat(sync.failed()).isFalse();
    assertThat(sync.fetchError()).isNull();
    assertThat(sync.actions()).hasSize(1);
    assertThat(sync.actions().get(0).kind()).isEqualTo("recreate");
    assertThat(sync.actions().get(0).container()).isEqualTo(svc + "-web");
    assertThat(sync.actions().get(0).result()).isEqualTo("done");
    assertThat(sync.actions().get(0).reason()).contains("v2");
    assertThat(container(svc + "-web").id()).isNotEqualTo(before);
    assertThat(container(svc + "-web").image()).isEqualTo(t.image("v2"));
    assertThat(a.read(a.get("/v1/status"), StatusResponse.class).source().appliedCommit())
        .isEqualTo(sync.commit());

    // Nothing new: an empty list of actions.
    assertThat(a.read(a.post("/v1/sync?wait=true", ""), ReconcileResponse.class).actions())
        .isEmpty();

    // Without waiting: 202 at once.
    HttpResponse<String> accepted = a.post("/v1/sync?wait=false", "");
    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(a.read(accepted, Accepted.class).message()).contains("sync started");
    a.assertError(a.post("/v1/sync?wait=maybe", ""), 400, "INVALID_ARGUMENT");
    a.sync();
  }

  @Test
  void deployAppliesAManualServicesPendingChange() throws Exception {
    writeApp(t.image(), "deploy = \"manual\"");
    a.sync();
    writeApp(t.image("v3"), "deploy = \"manual\"");
    ReconcileResponse pending = a.read(a.post("/v1/sync", ""), ReconcileResponse.class);
    assertThat(pending.actions()).extracting(x -> x.kind()).containsOnly("report");
    StatusResponse s = a.read(a.get("/v1/status"), StatusResponse.class);
    assertThat(s.services().get(0).outOfSync()).isTrue();
    assertThat(s.services().get(0).components().get(1).outOfSync()).isTrue();
    assertThat(s.services().get(0).components().get(1).desiredImage()).isEqualTo(t.image("v3"));
    assertThat(s.services().get(0).components().get(1).appliedImage()).isEqualTo(t.image());
    assertThat(container(svc + "-web").image()).isEqualTo(t.image());

    String apiId = container(svc + "-api").id();
    HttpResponse<String> r =
        a.post("/v1/services/" + svc + "/deploy", "{\"component\": \"web\", \"force\": false}");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    ReconcileResponse deploy = a.read(r, ReconcileResponse.class);
    assertThat(deploy.actions())
        .filteredOn(x -> x.kind().equals("recreate"))
        .extracting(x -> x.container())
        .containsExactly(svc + "-web");
    assertThat(container(svc + "-web").image()).isEqualTo(t.image("v3"));
    assertThat(container(svc + "-api").id()).isEqualTo(apiId);
    assertThat(a.read(a.get("/v1/status"), StatusResponse.class).services().get(0).outOfSync())
        .isFalse();

    a.assertError(a.post("/v1/services/nosuch/deploy", ""), 404, "NOT_FOUND");
    a.assertError(
        a.post("/v1/services/" + svc + "/deploy", "{\"component\": \"nope\"}"), 404, "NOT_FOUND");
    a.assertError(
        a.post("/v1/services/" + svc + "/deploy", "{\"componnet\": \"web\"}"),
        400,
        "INVALID_ARGUMENT");
    a.assertError(a.post("/v1/services/" + svc + "/deploy", "not json"), 400, "INVALID_ARGUMENT");
  }

  @Test
  void restartRestartsContainersInOrderAndKeepsDesiredState() throws Exception {
    String apiId = container(svc + "-api").id();
    Instant started = Instant.now();
    HttpResponse<String> r = a.post("/v1/services/" + svc + "/restart", "");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    RestartResponse restart = a.read(r, RestartResponse.class);
    assertThat(restart.failed()).isFalse();
    assertThat(restart.containers())
        .extracting(c -> c.container())
        .containsExactly(svc + "-api", svc + "-web");
    assertThat(restart.containers()).extracting(c -> c.result()).containsOnly("done");
    assertThat(container(svc + "-api").id()).isEqualTo(apiId);
    assertThat(container(svc + "-api").running()).isTrue();

    EventsResponse events =
        a.read(
            a.get("/v1/events?service=" + svc + "&since=" + started.minusSeconds(1)),
            EventsResponse.class);
    assertThat(events.events())
        .filteredOn(e -> e.kind().equals("restarted"))
        .extracting(EventInfo::component)
        .containsExactly("web", "api");
    assertThat(events.events().get(0).message()).contains("alice");

    // One component; the next reconcile has nothing to do.
    RestartResponse one =
        a.read(
            a.post("/v1/services/" + svc + "/restart", "{\"component\": \"web\"}"),
            RestartResponse.class);
    assertThat(one.containers()).extracting(c -> c.component()).containsExactly("web");
    assertThat(a.sync().outcomes()).isEmpty();

    a.assertError(a.post("/v1/services/nosuch/restart", ""), 404, "NOT_FOUND");
    a.assertError(
        a.post("/v1/services/" + svc + "/restart", "{\"component\": \"db\"}"), 404, "NOT_FOUND");

    writeApp(t.image(), "active = false");
    a.sync();
    a.assertError(a.post("/v1/services/" + svc + "/restart", ""), 409, "FAILED_PRECONDITION");
  }

  @Test
  void eventsFilterBySinceServiceAndLimit() throws Exception {
    List<EventInfo> all = a.read(a.get("/v1/events", READ), EventsResponse.class).events();
    assertThat(all).hasSizeGreaterThanOrEqualTo(2);
    assertThat(all.get(0).id()).isGreaterThan(all.get(1).id());
    assertThat(a.read(a.get("/v1/events?limit=1"), EventsResponse.class).events()).hasSize(1);
    assertThat(a.read(a.get("/v1/events?service=" + svc), EventsResponse.class).events())
        .allMatch(e -> svc.equals(e.service()));
    assertThat(a.read(a.get("/v1/events?service=other"), EventsResponse.class).events()).isEmpty();
    assertThat(
            a.read(a.get("/v1/events?since=" + Instant.now().plusSeconds(60)), EventsResponse.class)
                .events())
        .isEmpty();
    a.assertError(a.get("/v1/events?since=yesterday"), 400, "INVALID_ARGUMENT");
    a.assertError(a.get("/v1/events?limit=0"), 400, "INVALID_ARGUMENT");
    a.assertError(a.get("/v1/events?limit=10001"), 400, "INVALID_ARGUMENT");
    a.assertError(a.get("/v1/events?limit=ten"), 400, "INVALID_ARGUMENT");
  }

  @Test
  void logsOfAComponent() throws Exception {
    HttpResponse<String> r = a.get("/v1/services/" + svc + "/logs?component=api&tail=5", READ);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    LogsResponse logs = a.read(r, LogsResponse.class);
    assertThat(logs.container()).isEqualTo(svc + "-api");
    assertThat(logs.tail()).isEqualTo(5);
    assertThat(logs.text()).isNotNull();
    a.assertError(a.get("/v1/services/" + svc + "/logs"), 400, "INVALID_ARGUMENT");
    a.assertError(a.get("/v1/services/" + svc + "/logs?component=db"), 404, "NOT_FOUND");
    a.assertError(a.get("/v1/services/nosuch/logs"), 404, "NOT_FOUND");
    a.assertError(
        a.get("/v1/services/" + svc + "/logs?component=api&tail=-1"), 400, "INVALID_ARGUMENT");
  }

  @Test
  void snapshotHealthMetricsAndWebhook() throws Exception {
    SnapshotResponse snap = a.read(a.post("/v1/snapshot", ""), SnapshotResponse.class);
    Path file = Path.of(snap.path());
    assertThat(file.getParent()).isEqualTo(a.dataDir.resolve("backups"));
    assertThat(file.getFileName().toString()).matches("mcp-\\d{8}T\\d{6}\\.\\d{3}Z(-\\d+)?\\.db");
    assertThat(Files.size(file)).isEqualTo(snap.size()).isPositive();
    for (int i = 0; i < 11; i++) {
      a.post("/v1/snapshot", "");
    }
    try (var files = Files.list(a.dataDir.resolve("backups"))) {
      assertThat(files.toList()).hasSize(10).doesNotContain(file);
    }

    HealthResponse health = a.read(a.get("/healthz", null), HealthResponse.class);
    assertThat(health.status()).isEqualTo("ok");
    assertThat(health.lastReconcileFailed()).isFalse();
    assertThat(health.lastReconcileAt()).isNotNull();

    a.post("/v1/webhook", "{}", null);
    HttpResponse<String> metrics = a.get("/metrics", null);
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(metrics.body())
        .contains("mcp_reconcile_duration_seconds_count")
        .contains("mcp_actions_total{kind=\"create\",result=\"done\"} 2.0")
        .contains("mcp_drift_total")
        .contains("mcp_components{state=\"running\"} 2.0")
        .contains("mcp_source_last_success_timestamp_seconds")
        .contains("mcp_source_fetch_failures_total 0.0")
        .contains("mcp_webhook_requests_total{result=\"rejected\"} 1.0")
        .contains("mcp_events_total{kind=\"created\"} 2.0")
        .contains("mcp_events_total{kind=\"failed\"} 0.0")
        .contains("mcp_source_failing 0.0")
        .contains("mcp_notifications_failed_total 0.0")
        .contains("mcp_source_failing_since_seconds NaN")
        .contains("mcp_build_info{version=")
        .contains(
            "mcp_component_condition{component=\"web\",kind=\"ok\",service=\"" + svc + "\"} 1.0")
        .contains(
            "mcp_component_condition{component=\"web\",kind=\"failed\",service=\""
                + svc
                + "\"} 0.0");

    // The source goes away: the failing gauges say so, with since when.
    Files.move(a.services, a.root.resolve("services-gone"));
    a.post("/v1/sync?wait=true", "");
    StatusResponse failing = a.read(a.get("/v1/status"), StatusResponse.class);
    assertThat(failing.source().failing()).isTrue();
    assertThat(failing.source().errorKind()).isEqualTo("local");
    String body = a.get("/metrics", null).body();
    assertThat(body)
        .contains("mcp_source_failing 1.0")
        .contains("mcp_source_fetch_failures_total 1.0");
    var since =
        java.util.regex.Pattern.compile("(?m)^mcp_source_failing_since_seconds (\\S+)$")
            .matcher(body);
    assertThat(since.find()).isTrue();
    assertThat(Double.parseDouble(since.group(1)))
        .isEqualTo(failing.source().errorSince().toEpochMilli() / 1000.0);
  }
}
