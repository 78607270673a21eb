package net.metacircular.mcp.agent.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.api.ApiOptions;
import net.metacircular.mcp.agent.api.ApiServer;
import net.metacircular.mcp.agent.plan.DeployRequest;
import net.metacircular.mcp.agent.reconcile.CycleResult;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.runtime.Labels;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.secrets.IdentityFile;
import net.metacircular.mcp.agent.testing.ApiClient;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import net.metacircular.mcp.schema.age.AgeIdentity;
import net.metacircular.mcp.schema.age.AgeRecipients;
import net.metacircular.mcp.schema.api.RolloutInfo;
import net.metacircular.mcp.schema.api.StatusResponse;
import net.metacircular.mcp.schema.status.ConditionKind;
import org.junit.jupiter.api.Test;

/**
 * Soak, rollback and quarantine on the agent as its config builds it, on the in-memory runtime and
 * its clock: the clock is moved on and the service looked at again, as the loop's 2 s timer would.
 */
class RolloutAgentTest extends RolloutAgentCase {
  private static final Duration WAIT = Duration.ofSeconds(60);

  RolloutAgentTest() {
    super("roll");
  }

  @Test
  void aSoakThatPassesMakesTheSpecLastHealthy() throws Exception {
    write(1, "");
    try (Agent agent = setup.agent(runtime)) {
      CycleResult first = sync(agent);
      RolloutState soaking = state(agent);
      assertThat(soaking.phase()).isEqualTo(Phase.SOAKING);
      assertThat(soaking.commit()).isEqualTo(first.revision());
      assertThat(soaking.until()).contains(soaking.since().plus(Duration.ofSeconds(30)));
      assertThat(agent.loop().lastResolution()).isPresent();

      runtime.clock().advance(Duration.ofSeconds(29));
      look(agent);
      assertThat(state(agent).phase()).isEqualTo(Phase.SOAKING);
      runtime.clock().advance(Duration.ofSeconds(1));
      look(agent);

      assertThat(state(agent).phase()).isEqualTo(Phase.PASSED);
      assertThat(new RolloutStore(agent.registry()).lastHealthy(svc))
          .hasValueSatisfying(h -> assertThat(h.commit()).isEqualTo(first.revision()));
      assertThat(messages(agent, EventKind.SOAK_PASSED)).hasSize(1);
    }
  }

  @Test
  void anExitDuringTheSoakRollsBackAndQuarantinesUntilAFixingCommit() throws Exception {
    String good;
    String bad;
    String goodHash;
    try (Agent agent = setup.agent(runtime)) {
      good = passed(agent, 1);
      goodHash = hash();
      write(2, "");
      bad = sync(agent).revision();
      assertThat(state(agent).phase()).isEqualTo(Phase.SOAKING);
      runtime.clock().advance(Duration.ofSeconds(5));
      runtime.print(api, "panic: no database");
      runtime.crash(api, 3);
      runtime.clock().advance(Duration.ofSeconds(1));
      look(agent);
      assertThat(state(agent).phase())
          .as("podman restarted it a moment ago: the judge waits for its died event")
          .isEqualTo(Phase.SOAKING);
      runtime.clock().advance(Duration.ofSeconds(2));
      look(agent);

      assertThat(hash()).as("the last healthy spec runs again").isEqualTo(goodHash);
      assertThat(label(Labels.COMMIT)).isEqualTo(good);
      RolloutState s = state(agent);
      assertThat(s.phase()).isEqualTo(Phase.ROLLED_BACK);
      assertThat(s.commit()).isEqualTo(good);
      assertThat(s.failedCommit()).contains(bad);
      assertThat(s.reason().orElseThrow())
          // Not following podman's events here: the exit code of the died event is not known.
          .contains(svc + "-api restarted (RestartCount 0 -> 1)")
          .contains("panic: no database");
      assertThat(one(agent, EventKind.SOAK_FAILED))
          .contains(bad.substring(0, 7))
          .contains("RestartCount 0 -> 1");
      assertThat(one(agent, EventKind.ROLLED_BACK))
          .contains(bad.substring(0, 7) + " failed its soak")
          .contains("running " + good.substring(0, 7));
      assertThat(messages(agent, EventKind.QUARANTINED)).hasSize(1);
      assertThat(agent.registry().condition(svc, "api").orElseThrow().condition().kind())
          .isEqualTo(ConditionKind.QUARANTINED);

      CycleResult again = look(agent);
      assertThat(deploys(again)).as("not retried by a later cycle").isEmpty();
    }
    try (Agent agent = setup.agent(runtime)) {
      CycleResult afterRestart = sync(agent);
      assertThat(deploys(afterRestart)).as("not retried after an agent restart").isEmpty();
      assertThat(hash()).isEqualTo(goodHash);

      write(3, "");
      CycleResult fix = sync(agent);
      assertThat(deploys(fix)).as("a fixing commit deploys at once").hasSize(1);
      assertThat(hash()).isNotEqualTo(goodHash);
      assertThat(state(agent).phase()).isEqualTo(Phase.SOAKING);
      assertThat(Rollouts.quarantine(agent.registry(), svc)).isEmpty();
    }
  }

  @Test
  void anExitPodmanRestartedFailsTheSoakWithTheExitCodeOfItsDiedEvent() throws Exception {
    try (Agent agent = setup.agent(runtime)) {
      String good = passed(agent, 1);
      write(2, "");
      String bad = sync(agent).revision();
      agent.start();
      await().atMost(WAIT).until(() -> runtime.eventStreams() == 1);
      runtime.clock().advance(Duration.ofSeconds(5));
      runtime.print(api, "panic: no database");
      runtime.crash(api, 3);
      assertThat(apiContainer().exitCode())
          .as("podman sets it back to 0 as it restarts it")
          .isZero();

      // The died event asks for a look at once, and tells the judge its exit code.
      await().atMost(WAIT).until(() -> state(agent).phase() == Phase.ROLLED_BACK);
      String why = svc + "-api exited (exit code 3) and podman restarted it (RestartCount 0 -> 1)";
      assertThat(state(agent).reason().orElseThrow()).contains(why).contains("panic: no database");
      assertThat(state(agent).commit()).isEqualTo(good);
      assertThat(one(agent, EventKind.SOAK_FAILED)).contains(bad.substring(0, 7)).contains(why);
    }
  }

  @Test
  void anAgentRestartMidSoakResumesItWithTheTimeItHadLeft() throws Exception {
    RolloutState soaking;
    try (Agent agent = setup.agent(runtime)) {
      passed(agent, 1);
      write(2, "");
      sync(agent);
      runtime.clock().advance(Duration.ofSeconds(10));
      look(agent);
      soaking = state(agent);
      assertThat(soaking.phase()).isEqualTo(Phase.SOAKING);
    }
    try (Agent agent = setup.agent(runtime)) {
      CycleResult first = sync(agent);
      assertThat(deploys(first)).isEmpty();
      assertThat(state(agent)).as("the same soak, not a new one").isEqualTo(soaking);
      runtime.clock().advance(Duration.ofSeconds(19));
      look(agent);
      assertThat(state(agent).phase()).isEqualTo(Phase.SOAKING);
      runtime.clock().advance(Duration.ofSeconds(1));
      look(agent);
      assertThat(state(agent).phase()).isEqualTo(Phase.PASSED);
      assertThat(state(agent).commit()).isEqualTo(soaking.commit());
    }
  }

  @Test
  void aRestartWhileTheAgentWasDownFailsTheSoakItTakesUpAgain() throws Exception {
    String good;
    String bad;
    try (Agent agent = setup.agent(runtime)) {
      good = passed(agent, 1);
      write(2, "");
      bad = sync(agent).revision();
      runtime.clock().advance(Duration.ofSeconds(10));
    }
    // While no agent runs, the container exits and podman's restart policy starts it again.
    runtime.crash(api, 4);
    runtime.clock().advance(Duration.ofSeconds(5));
    assertThat(apiContainer().running()).isTrue();

    try (Agent agent = setup.agent(runtime)) {
      sync(agent);
      RolloutState s = state(agent);
      assertThat(s.phase()).as(s.toString()).isEqualTo(Phase.ROLLED_BACK);
      assertThat(s.failedCommit()).contains(bad);
      assertThat(s.commit()).isEqualTo(good);
      assertThat(s.reason().orElseThrow()).contains(svc + "-api restarted (RestartCount 0 -> 1)");
      assertThat(label(Labels.COMMIT)).isEqualTo(good);
    }
  }

  @Test
  void aRollbackRunsTheLastHealthySpecWithTheSecretValueItHadOrStopsNamingTheSecretGone()
      throws Exception {
    Path identity = root.resolve("age-identity.txt");
    AgeIdentity node = IdentityFile.create(identity, java.time.Instant.EPOCH);
    setup = setup.secretsIdentity(identity);
    try (Agent agent = setup.agent(runtime)) {
      secret("value-1", node);
      writeWithSecret(1);
      sync(agent);
      runtime.clock().advance(Duration.ofSeconds(31));
      look(agent);
      assertThat(state(agent).phase()).isEqualTo(Phase.PASSED);
      String goodHash = hash();
      String old = podmanSecret();

      secret("value-2", node); // the same file: only the secret's value changes
      sync(agent);
      assertThat(hash()).isNotEqualTo(goodHash);
      assertThat(runtime.secretNames())
          .as("the last healthy spec's podman secret outlives the new value's deploy")
          .contains(old);
      failSoak(agent);

      assertThat(state(agent).phase()).isEqualTo(Phase.ROLLED_BACK);
      assertThat(hash()).isEqualTo(goodHash);
      assertThat(runtime.secretValue(old).map(b -> new String(b, StandardCharsets.UTF_8)))
          .contains("value-1");

      // Its old value gone (removed by hand): the rollback stops, naming the podman secret.
      secret("value-3", node);
      sync(agent);
      runtime.removeSecret(old);
      failSoak(agent);
      RolloutState s = state(agent);
      assertThat(s.phase()).isEqualTo(Phase.FAILED);
      assertThat(s.reason().orElseThrow())
          .startsWith("the rollback of " + svc)
          .contains("no secret with name or id \"" + old + "\"");
    }
  }

  private void secret(String value, AgeIdentity node) throws Exception {
    Path dir = Files.createDirectories(services.resolve("secrets").resolve(svc));
    Files.write(
        dir.resolve("pw.age"),
        AgeRecipients.encrypt(value.getBytes(StandardCharsets.UTF_8), List.of(node.recipient())));
  }

  private void writeWithSecret(int version) throws Exception {
    write(version, "");
    Files.writeString(
        services.resolve(svc + ".toml"), "secrets = [\"pw\"]\n", StandardOpenOption.APPEND);
  }

  private String podmanSecret() {
    return runtime.secretNames().stream()
        .filter(n -> n.startsWith("mcp-" + svc + "-pw-"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aRolloutChangeAloneKeepsTheQuarantineAndAForcedDeployLiftsIt() throws Exception {
    try (Agent agent = setup.agent(runtime)) {
      passed(agent, 1);
      write(2, "");
      String bad = sync(agent).revision();
      failSoak(agent);
      assertThat(state(agent).phase()).isEqualTo(Phase.ROLLED_BACK);

      write(2, "[rollout]\nsoak = \"10s\"\n");
      assertThat(deploys(sync(agent))).as("[rollout] alone changes no component").isEmpty();
      assertThat(Rollouts.quarantine(agent.registry(), svc))
          .hasValueSatisfying(q -> assertThat(q.failedCommit()).isEqualTo(bad));

      CycleResult forced =
          agent
              .loop()
              .deploy(new DeployRequest(svc, java.util.Optional.empty(), true))
              .get(60, TimeUnit.SECONDS);
      assertThat(deploys(forced)).hasSize(1);
      assertThat(Rollouts.quarantine(agent.registry(), svc)).isEmpty();
      assertThat(state(agent).phase()).isEqualTo(Phase.SOAKING);
      assertThat(state(agent).until()).contains(state(agent).since().plus(Duration.ofSeconds(10)));
    }
  }

  @Test
  void aCommitBackToTheLastHealthySpecEndsTheRollbackAsPassed() throws Exception {
    try (Agent agent = setup.agent(runtime)) {
      passed(agent, 1);
      String goodHash = hash();
      write(2, "");
      sync(agent);
      failSoak(agent);
      assertThat(state(agent).phase()).isEqualTo(Phase.ROLLED_BACK);

      // What mcp rollback commits: the failed change reverted, the file as it was (a comment on).
      write(1, "# reverted\n");
      CycleResult revert = sync(agent);

      assertThat(deploys(revert)).as("the last healthy spec runs already").isEmpty();
      assertThat(hash()).isEqualTo(goodHash);
      assertThat(Rollouts.quarantine(agent.registry(), svc)).isEmpty();
      RolloutState s = state(agent);
      assertThat(s.phase()).isEqualTo(Phase.PASSED);
      assertThat(s.commit()).isEqualTo(revert.revision());
      assertThat(s.failedCommit()).isEmpty();
      assertThat(new RolloutStore(agent.registry()).lastHealthy(svc))
          .hasValueSatisfying(h -> assertThat(h.commit()).isEqualTo(revert.revision()));
      assertThat(agent.registry().condition(svc, "api").orElseThrow().condition().kind())
          .isEqualTo(ConditionKind.OK);
    }
  }

  @Test
  void startingAServiceAgainSoaksLikeADeploy() throws Exception {
    try (Agent agent = setup.agent(runtime)) {
      passed(agent, 1);
      write(1, "active = false\n");
      sync(agent);
      assertThat(state(agent).phase()).isEqualTo(Phase.PASSED);
      write(1, "active = true\n");
      sync(agent);

      assertThat(state(agent).phase()).isEqualTo(Phase.SOAKING);
      failSoak(agent);
      assertThat(state(agent).phase())
          .as("the spec is its own last healthy: nothing else to roll back to")
          .isEqualTo(Phase.FAILED);
      assertThat(messages(agent, EventKind.SOAK_FAILED)).hasSize(1);
    }
  }

  @Test
  void aNewerCommitDuringTheSoakAbandonsIt() throws Exception {
    try (Agent agent = setup.agent(runtime)) {
      passed(agent, 1);
      write(2, "");
      sync(agent);
      runtime.clock().advance(Duration.ofSeconds(3));
      write(3, "");
      String newer = sync(agent).revision();

      assertThat(one(agent, EventKind.ABANDONED)).contains("commit " + newer.substring(0, 7));
      RolloutState s = state(agent);
      assertThat(s.phase()).isEqualTo(Phase.SOAKING);
      assertThat(s.commit()).isEqualTo(newer);
    }
  }

  @Test
  void aRollbackThatFailsStopsThere() throws Exception {
    try (Agent agent = setup.agent(runtime)) {
      passed(agent, 1);
      write(2, "");
      sync(agent);
      runtime.clock().advance(Duration.ofSeconds(5));
      runtime.fail("run", 1, 125, "Error: no space left on device");
      runtime.crash(api, 1);
      runtime.clock().advance(Duration.ofSeconds(3));
      look(agent);

      RolloutState s = state(agent);
      assertThat(s.phase()).isEqualTo(Phase.FAILED);
      assertThat(s.reason().orElseThrow()).startsWith("the rollback of " + svc);
      assertThat(Rollouts.quarantine(agent.registry(), svc))
          .hasValueSatisfying(q -> assertThat(q.halted()).isTrue());
      runtime.clearCalls();
      runtime.clock().advance(Duration.ofMinutes(10));
      assertThat(look(agent).outcomes()).as("left alone: never a loop").isEmpty();
      assertThat(sync(agent).outcomes()).isEmpty();
      assertThat(runtime.calls()).noneMatch(c -> c.startsWith("run"));
    }
  }

  @Test
  void onFailureStayReportsOnly() throws Exception {
    try (Agent agent = setup.agent(runtime)) {
      passed(agent, 1, "[rollout]\non_failure = \"stay\"\n");
      write(2, "[rollout]\non_failure = \"stay\"\n");
      String bad = sync(agent).revision();
      String badHash = hash();
      failSoak(agent);

      assertThat(state(agent).phase()).isEqualTo(Phase.FAILED);
      assertThat(one(agent, EventKind.SOAK_FAILED)).contains(bad.substring(0, 7));
      assertThat(messages(agent, EventKind.ROLLED_BACK)).isEmpty();
      assertThat(hash()).as("the new spec stays").isEqualTo(badHash);
      assertThat(Rollouts.quarantine(agent.registry(), svc)).isEmpty();
    }
  }

  @Test
  void aFirstDeployThatFailsItsSoakStaysFailed() throws Exception {
    write(1, "");
    try (Agent agent = setup.agent(runtime)) {
      sync(agent);
      failSoak(agent);

      RolloutState s = state(agent);
      assertThat(s.phase()).isEqualTo(Phase.FAILED);
      assertThat(s.reason().orElseThrow()).contains("no earlier healthy spec to roll back to");
      assertThat(messages(agent, EventKind.ROLLED_BACK)).isEmpty();
      assertThat(agent.registry().condition(svc, "api").orElseThrow().condition().kind())
          .isEqualTo(ConditionKind.FAILED);
      assertThat(deploys(look(agent))).isEmpty();
    }
  }

  @Test
  void overTheApiAPlainDeployOfAQuarantinedServiceIsRefusedAndAForcedOneAccepted()
      throws Exception {
    try (Agent agent = setup.agent(runtime)) {
      // Served from the start, as the agent does: the counters count from then on.
      ApiServer server = agent.serve(ApiOptions.defaults(java.time.Clock.systemUTC()));
      ApiClient api = new ApiClient(setup.certs(), server.port(), Duration.ofSeconds(10));
      passed(agent, 1);
      write(2, "");
      String bad = sync(agent).revision();
      failSoak(agent);

      HttpResponse<String> status =
          api.send(api.request("/v1/status?service=" + svc, TestAgentSetup.ADMIN).GET());
      RolloutInfo rollout =
          ApiClient.read(status, StatusResponse.class).services().get(0).rollout();
      assertThat(rollout.phase()).isEqualTo("rolled_back");
      assertThat(rollout.failedCommit()).isEqualTo(bad);
      assertThat(rollout.reason()).contains(svc + "-api restarted (RestartCount 0 -> 1)");

      HttpResponse<String> plain = deploy(api, false);
      assertThat(plain.statusCode()).as(plain.body()).isEqualTo(409);
      assertThat(ApiClient.tree(plain).path("code").asText()).isEqualTo("FAILED_PRECONDITION");
      assertThat(ApiClient.tree(plain).path("message").asText())
          .contains("is quarantined")
          .contains("mcp deploy " + svc + " --force");

      HttpResponse<String> metrics = api.send(api.request("/metrics", null).GET());
      assertThat(metrics.body())
          .contains("mcp_quarantined{service=\"" + svc + "\"} 1.0")
          .contains("mcp_rollbacks_total{service=\"" + svc + "\"} 1.0")
          .contains("mcp_soak_total{result=\"passed\",service=\"" + svc + "\"} 1.0")
          .contains("mcp_soak_total{result=\"failed\",service=\"" + svc + "\"} 1.0");

      HttpResponse<String> forced = deploy(api, true);
      assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
      assertThat(Rollouts.quarantine(agent.registry(), svc)).isEmpty();
      assertThat(state(agent).commit()).isEqualTo(bad);
      assertThat(state(agent).phase()).isEqualTo(Phase.SOAKING);
    }
  }

  private HttpResponse<String> deploy(ApiClient api, boolean force) {
    return api.send(
        api.request("/v1/services/" + svc + "/deploy", TestAgentSetup.ADMIN)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"force\": " + force + "}")));
  }

  /** Deploys version {@code v} and lets its soak pass; its revision. */
  private String passed(Agent agent, int v) throws Exception {
    return passed(agent, v, "");
  }

  private String passed(Agent agent, int v, String extra) throws Exception {
    write(v, extra);
    String revision = sync(agent).revision();
    runtime.clock().advance(Duration.ofSeconds(31));
    look(agent);
    assertThat(state(agent).phase()).isEqualTo(Phase.PASSED);
    return revision;
  }

  private void failSoak(Agent agent) throws Exception {
    runtime.clock().advance(Duration.ofSeconds(5));
    runtime.crash(api, 2);
    runtime.clock().advance(Duration.ofSeconds(3)); // past the wait for its died event
    look(agent);
  }

  private void write(int version, String extra) throws Exception {
    Files.writeString(services.resolve(svc + ".toml"), head(extra) + component("api", version));
  }

  private ObservedContainer apiContainer() {
    return runtime.containers().stream()
        .filter(c -> c.name().equals(api))
        .findFirst()
        .orElseThrow();
  }
}
