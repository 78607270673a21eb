package net.metacircular.mcp.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.api.ApiOptions;
import net.metacircular.mcp.agent.api.ApiServer;
import net.metacircular.mcp.agent.apply.Outcome;
import net.metacircular.mcp.agent.reconcile.CycleResult;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.runtime.Labels;
import net.metacircular.mcp.agent.testing.ApiClient;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import net.metacircular.mcp.schema.api.ReconcileResponse;
import net.metacircular.mcp.schema.status.ConditionKind;
import org.junit.jupiter.api.Test;

/**
 * The health gate as the loop looks at it, on the agent as its config builds it, on the in-memory
 * runtime and its clock ({@code health_timeout = "8s"}): a newer commit cancels a gate in progress,
 * a failed gate is rolled back and quarantined like a failed soak, what depends on a gated
 * component waits for it, and the API's deploy answers with the gate's outcome.
 */
class HealthGateAgentTest extends RolloutAgentCase {
  private static final String CHECK =
      "\n[components.health]\ncmd = [\"true\"]\ninterval = \"1s\"\n";

  HealthGateAgentTest() {
    super("gate");
  }

  @Test
  void aNewerCommitCancelsAGateInProgressAndDeploysAtOnce() throws Exception {
    try (Agent agent = setup.agent(runtime)) {
      passed(agent, 1, "");
      // Its check fails, but inside its start period podman does not count it: the gate waits.
      runtime.healthCheckFails(api, Optional.of("still warming up"));
      write(2, "", "start_period = \"60s\"\n");
      String slow = sync(agent).revision();
      RolloutState gating = state(agent);
      assertThat(gating.phase()).isEqualTo(Phase.DEPLOYING);
      assertThat(gating.commit()).isEqualTo(slow);
      assertThat(gating.until()).contains(gating.since().plus(Duration.ofSeconds(8)));
      Instant began = runtime.clock().instant();
      runtime.clock().advance(Duration.ofSeconds(2));
      look(agent);
      assertThat(state(agent).phase()).isEqualTo(Phase.DEPLOYING);

      runtime.healthCheckFails(api, Optional.empty());
      write(3, "", "");
      CycleResult fix = sync(agent);

      assertThat(deploys(fix)).as("the newer spec deploys in the same cycle").hasSize(1);
      assertThat(one(agent, EventKind.ABANDONED))
          .contains("abandoned the health gate of " + svc + " at " + slow.substring(0, 7))
          .contains("commit " + fix.revision().substring(0, 7));
      assertThat(label(Labels.COMMIT)).isEqualTo(fix.revision());
      RolloutState s = state(agent);
      assertThat(s.phase())
          .as("the new spec passed its own gate: it soaks")
          .isEqualTo(Phase.SOAKING);
      assertThat(s.commit()).isEqualTo(fix.revision());
      assertThat(Duration.between(began, runtime.clock().instant()))
          .as("the abandoned gate's timeout was not waited out")
          .isLessThan(Duration.ofSeconds(8));
      assertThat(messages(agent, EventKind.FAILED)).isEmpty();
    }
  }

  @Test
  void aFailedGateIsRolledBackAndQuarantinedWithItsEvidence() throws Exception {
    try (Agent agent = setup.agent(runtime)) {
      // An edit gives it a health check that fails (the spec it rolls back to has none).
      String good = passed(agent, 1, "", null);
      String goodHash = hash();
      runtime.healthCheckFails(api, Optional.of("db unreachable"));
      write(2, "", "retries = 2\n");
      String bad = sync(agent).revision();
      assertThat(state(agent).phase()).isEqualTo(Phase.DEPLOYING);
      runtime.print(api, "connecting to db:5432");
      runtime.clock().advance(Duration.ofSeconds(2));
      look(agent);

      assertThat(hash()).as("the last healthy spec runs again").isEqualTo(goodHash);
      assertThat(label(Labels.COMMIT)).isEqualTo(good);
      RolloutState s = state(agent);
      assertThat(s.phase()).isEqualTo(Phase.ROLLED_BACK);
      assertThat(s.commit()).isEqualTo(good);
      assertThat(s.failedCommit()).contains(bad);
      assertThat(s.reason().orElseThrow())
          .contains(api + " is unhealthy: db unreachable")
          .contains("connecting to db:5432");
      assertThat(one(agent, EventKind.FAILED))
          .contains(bad.substring(0, 7) + " failed its health gate: " + api + " is unhealthy");
      assertThat(one(agent, EventKind.ROLLED_BACK))
          .contains(bad.substring(0, 7) + " failed its health gate")
          .contains("running " + good.substring(0, 7));
      assertThat(messages(agent, EventKind.QUARANTINED)).hasSize(1);
      assertThat(messages(agent, EventKind.SOAK_FAILED)).isEmpty();
      assertThat(agent.registry().condition(svc, "api").orElseThrow().condition().detail())
          .contains("failed its health gate");
      assertThat(Rollouts.quarantine(agent.registry(), svc))
          .hasValueSatisfying(q -> assertThat(q.failedCommit()).isEqualTo(bad));

      runtime.clock().advance(Duration.ofMinutes(10));
      assertThat(deploys(sync(agent))).as("not retried by the failure backoff").isEmpty();
    }
  }

  @Test
  void aGateWhosePodmanFailsForItsWholeTimeoutFailsQuotingPodman() throws Exception {
    try (Agent agent = setup.agent(runtime)) {
      String good = passed(agent, 1, "", null);
      // podman fails every health check of the new spec, as a broken runc does.
      runtime.fail(
          "healthcheck run",
          1000,
          126,
          "Error: OCI runtime error: runc: exec failed: read init-p: connection reset by peer");
      write(2, "", "");
      String bad = sync(agent).revision();
      runtime.clock().advance(Duration.ofSeconds(6));
      look(agent);
      assertThat(state(agent).phase())
          .as("a look podman failed is looked at again before the gate's end")
          .isEqualTo(Phase.DEPLOYING);

      runtime.clock().advance(Duration.ofSeconds(2));
      look(agent);

      RolloutState s = state(agent);
      assertThat(s.phase())
          .as("the gate's end decides: failed and rolled back")
          .isEqualTo(Phase.ROLLED_BACK);
      assertThat(s.commit()).isEqualTo(good);
      assertThat(s.failedCommit()).contains(bad);
      assertThat(one(agent, EventKind.FAILED))
          .contains(
              bad.substring(0, 7)
                  + " failed its health gate: "
                  + api
                  + ": health gate timed out: podman")
          .contains("runc: exec failed: read init-p: connection reset by peer")
          .contains("(health_timeout 8s)");
      assertThat(messages(agent, EventKind.QUARANTINED)).hasSize(1);
      assertThat(label(Labels.COMMIT)).isEqualTo(good);
    }
  }

  @Test
  void aFirstDeployWhoseGateTimesOutStaysFailed() throws Exception {
    runtime.healthCheckFails(api, Optional.of("not yet"));
    write(1, "", "start_period = \"60s\"\n");
    try (Agent agent = setup.agent(runtime)) {
      sync(agent);
      assertThat(state(agent).phase()).isEqualTo(Phase.DEPLOYING);
      runtime.clock().advance(Duration.ofSeconds(8));
      look(agent);

      RolloutState s = state(agent);
      assertThat(s.phase()).isEqualTo(Phase.FAILED);
      assertThat(s.reason().orElseThrow())
          .contains(api + " is not healthy after 8s: not yet")
          .contains("no earlier healthy spec to roll back to");
      assertThat(messages(agent, EventKind.ROLLED_BACK)).isEmpty();
      assertThat(agent.registry().condition(svc, "api").orElseThrow().condition().kind())
          .isEqualTo(ConditionKind.FAILED);
      runtime.clock().advance(Duration.ofMinutes(10));
      assertThat(deploys(look(agent))).as("left for inspection").isEmpty();
    }
  }

  @Test
  void onFailureStayReportsAFailedGateOnly() throws Exception {
    String stay = "[rollout]\non_failure = \"stay\"\n";
    try (Agent agent = setup.agent(runtime)) {
      passed(agent, 1, stay);
      runtime.healthCheckFails(api, Optional.of("db unreachable"));
      write(2, stay, "retries = 1\n");
      String bad = sync(agent).revision();
      String badHash = hash();

      assertThat(state(agent).phase()).isEqualTo(Phase.FAILED);
      assertThat(one(agent, EventKind.FAILED)).contains(bad.substring(0, 7));
      assertThat(messages(agent, EventKind.ROLLED_BACK)).isEmpty();
      assertThat(Rollouts.quarantine(agent.registry(), svc)).isEmpty();
      runtime.clock().advance(Duration.ofSeconds(3));
      look(agent);
      assertThat(hash()).as("the new spec stays").isEqualTo(badHash);
    }
  }

  @Test
  void aComponentThatDependsOnAGatedOneWaitsForItsGate() throws Exception {
    runtime.healthCheckFails(api, Optional.of("warming up"));
    Files.writeString(
        services.resolve(svc + ".toml"),
        head("")
            + component("api", 1)
            + CHECK
            + "start_period = \"60s\"\n"
            + "\n[[components]]\nname = \"web\"\nimage = \""
            + runtime.image()
            + "\"\ndepends_on = [\"api\"]\n");
    try (Agent agent = setup.agent(runtime)) {
      CycleResult first = sync(agent);
      assertThat(first.outcomes())
          .anySatisfy(
              o -> {
                assertThat(o.action().component()).isEqualTo("web");
                assertThat(o.result()).isEqualTo(Outcome.Result.WAITING);
                assertThat(o.message()).contains("waits for " + api + " to pass its health gate");
              });
      assertThat(running(svc + "-web")).isFalse();
      runtime.clock().advance(Duration.ofSeconds(2));
      look(agent);
      assertThat(running(svc + "-web")).as("still waiting for api's gate").isFalse();

      runtime.healthCheckFails(api, Optional.empty());
      runtime.clock().advance(Duration.ofSeconds(2));
      look(agent);

      assertThat(running(svc + "-web")).isTrue();
      assertThat(state(agent).phase()).isEqualTo(Phase.SOAKING);
      assertThat(state(agent).commit()).isEqualTo(first.revision());
    }
  }

  @Test
  void overTheApiADeployAnswersOnceTheGateIsDecided() throws Exception {
    try (Agent agent = setup.agent(runtime)) {
      ApiServer server = agent.serve(ApiOptions.defaults(java.time.Clock.systemUTC()));
      ApiClient client = new ApiClient(setup.certs(), server.port(), Duration.ofSeconds(10));
      passed(agent, 1, "", null);
      java.util.concurrent.CountDownLatch deployCycle = new java.util.concurrent.CountDownLatch(1);
      runtime.healthCheckFails(api, Optional.of("db unreachable"));
      write(2, "", "start_period = \"60s\"\n");
      sync(agent);
      assertThat(state(agent).phase()).isEqualTo(Phase.DEPLOYING);
      agent
          .loop()
          .addListener(
              new net.metacircular.mcp.agent.reconcile.ReconcileListener() {
                @Override
                public void cycleFinished(CycleResult result, Duration took) {
                  deployCycle.countDown();
                }
              });

      CompletableFuture<HttpResponse<String>> answer =
          client
              .newClient()
              .sendAsync(
                  client
                      .request("/v1/services/" + svc + "/deploy", TestAgentSetup.ADMIN)
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString("{\"force\": false}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      // The deploy's cycle ends with the gate still open; the answer waits for the gate.
      assertThat(deployCycle.await(60, TimeUnit.SECONDS)).isTrue();
      assertThat(answer).isNotDone();
      // What the loop's 2 s looks do, until the gate times out.
      runtime.clock().advance(Duration.ofSeconds(8));
      HttpResponse<String> r = null;
      for (int i = 0; i < 600 && r == null; i++) {
        look(agent);
        try {
          r = answer.get(100, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          // not answered yet: the loop looks again
        }
      }
      assertThat(r).as("answered once the gate was decided").isNotNull();
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(ApiClient.read(r, ReconcileResponse.class).failed())
          .as("the gate failed and was rolled back: " + r.body())
          .isTrue();
      assertThat(state(agent).phase()).isEqualTo(Phase.ROLLED_BACK);
    }
  }

  /** Deploys version {@code v} (with a check that passes) and lets its soak pass; its revision. */
  private String passed(Agent agent, int v, String extra) throws Exception {
    return passed(agent, v, extra, "");
  }

  /** {@code health}: more keys of its passing health check, or null for no check at all. */
  private String passed(Agent agent, int v, String extra, String health) throws Exception {
    write(v, extra, health);
    String revision = sync(agent).revision();
    assertThat(state(agent).phase()).as("its gate passed at once").isEqualTo(Phase.SOAKING);
    runtime.clock().advance(Duration.ofSeconds(31));
    look(agent);
    assertThat(state(agent).phase()).isEqualTo(Phase.PASSED);
    return revision;
  }

  private void write(int version, String extra, String health) throws Exception {
    Files.writeString(
        services.resolve(svc + ".toml"),
        head(extra) + component("api", version) + (health == null ? "" : CHECK + health));
  }

  private boolean running(String name) {
    return runtime.containers().stream().anyMatch(c -> c.name().equals(name) && c.running());
  }
}
