package net.metacircular.mcp.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.metacircular.mcp.agent.reconcile.CycleResult;
import net.metacircular.mcp.agent.registry.Event;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.source.GitRemote;
import net.metacircular.mcp.agent.testing.RequiresExecutables;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent following a real git remote: commits, bad commits, rollbacks, an outage, trust. */
@RequiresPodman
@RequiresExecutables({"git", "ssh-keygen"})
class GitAgentTest {
  private TestPodman t;
  private Path root;
  private GitRemote remote;
  private String a;
  private String b;

  @BeforeEach
  void setUp(TestPodman t, @TempDir Path root) {
    this.t = t;
    this.root = root;
    this.remote = new GitRemote(root.resolve("git"));
    this.a = t.service("a");
    this.b = t.service("b");
  }

  @AfterEach
  void tearDown() {
    t.removeAll();
  }

  private String service(String name, String image, String extra) {
    return "name = \""
        + name
        + "\"\nnode = \""
        + t.prefix()
        + "\"\n\n[[components]]\n"
        + "name = \"api\"\nimage = \""
        + image
        + "\"\nstop_timeout = \"2s\"\n"
        + extra
        + "\n";
  }

  private Agent agent(String sourceExtra) throws Exception {
    return TestAgentSetup.forGit(root, t.prefix(), remote.fileUrl(), "main")
        .withoutApi()
        .source(sourceExtra)
        .healthTimeout(null)
        .podmanEnvironment(t.environment())
        .agent(Clock.systemUTC());
  }

  private static CycleResult sync(Agent agent) throws Exception {
    return agent.loop().sync().get(90, TimeUnit.SECONDS);
  }

  private ObservedContainer container(String name) {
    return t.containers().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private static List<String> events(Agent agent) {
    return agent.registry().events(EventQuery.recent(500).oldestFirst()).stream()
        .map((Event e) -> e.kind().word() + ": " + e.message())
        .toList();
  }

  @Test
  void followsCommitsIsolatesABadFileFollowsARollbackAndSurvivesAnOutage() throws Exception {
    Map<String, String> first = new LinkedHashMap<>();
    first.put(a + ".toml", service(a, t.image(), ""));
    first.put(b + ".toml", service(b, t.image(), ""));
    String c1 = remote.commit("add a and b", first);

    try (Agent agent = agent("")) {
      CycleResult r1 = sync(agent);
      assertThat(r1.revision()).isEqualTo(c1);
      assertThat(container(a + "-api").running()).isTrue();
      assertThat(container(b + "-api").running()).isTrue();
      assertThat(events(agent))
          .anyMatch(
              e ->
                  e.startsWith(
                          "synced: fetched "
                              + c1.substring(0, 12)
                              + " \"add a and b\" by"
                              + " Ada Operator <ada@example.net> at ")
                      && e.endsWith(": added " + a + ", " + b));

      // One commit changes a and breaks b: a is applied, b keeps running its last good spec.
      String bId = container(b + "-api").id();
      Map<String, String> second = new LinkedHashMap<>();
      second.put(a + ".toml", service(a, t.image("2"), ""));
      second.put(b + ".toml", service(b, t.image(), "restart = \"sometimes\""));
      remote.commit("bump a, break b", second);
      CycleResult r2 = sync(agent);
      assertThat(container(a + "-api").image()).isEqualTo(t.image("2"));
      assertThat(container(b + "-api").id()).isEqualTo(bId);
      assertThat(r2.rejections())
          .singleElement()
          .satisfies(r -> assertThat(r.message()).contains(b + ".toml:8:1: components[0].restart"));
      assertThat(agent.registry().service(b).orElseThrow().lastError()).isPresent();

      // A rollback is a force-push to the older commit: followed exactly.
      remote.forcePush(c1);
      CycleResult r3 = sync(agent);
      assertThat(r3.revision()).isEqualTo(c1);
      assertThat(container(a + "-api").image()).isEqualTo(t.image());
      assertThat(agent.registry().service(b).orElseThrow().lastError()).isEmpty();

      // The remote goes away: nothing changes, the error shows; it comes back: recovered.
      String aId = container(a + "-api").id();
      Path moved = root.resolve("moved.git");
      Files.move(remote.bare(), moved);
      CycleResult down = sync(agent);
      assertThat(down.outcomes()).isEmpty();
      assertThat(container(a + "-api").id()).isEqualTo(aId);
      assertThat(agent.registry().sourceState().lastError()).isPresent();
      Files.move(moved, remote.bare());
      sync(agent);
      assertThat(agent.registry().sourceState().lastError()).isEmpty();
    }
  }

  @Test
  void withVerifyCommitsOnlySignedCommitsAreApplied() throws Exception {
    Path key = root.resolve("signer");
    new ProcessBuilder(
            "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ada", "-f", key.toString())
        .inheritIO()
        .start()
        .waitFor(30, TimeUnit.SECONDS);
    String publicKey = Files.readString(Path.of(key + ".pub")).strip();
    Path trusted = root.resolve("trusted-keys");
    Files.writeString(trusted, "ada@example.net " + publicKey + "\n");

    remote.commit("unsigned", a + ".toml", service(a, t.image(), ""));
    try (Agent agent = agent("verify_commits = true\ntrusted_keys = \"" + trusted + "\"\n")) {
      agent.loop().sync().handle((r, e) -> null).get(90, TimeUnit.SECONDS);
      assertThat(t.containers()).isEmpty();
      assertThat(events(agent))
          .anyMatch(
              e ->
                  e.startsWith("rejected: refused commit ")
                      && e.contains(
                          "is not signed; verify_commits = true applies only commits signed by a"
                              + " key in "
                              + trusted));

      Files.writeString(
          remote.workstation().resolve(a + ".toml"), service(a, t.image(), "# signed"));
      GitRemote.git(remote.workstation(), "add", "-A");
      GitRemote.git(
          remote.workstation(),
          "-c",
          "gpg.format=ssh",
          "-c",
          "user.signingkey=" + key,
          "commit",
          "-q",
          "-S",
          "-m",
          "signed");
      GitRemote.git(remote.workstation(), "push", "-q", "origin", "main");
      sync(agent);
      assertThat(container(a + "-api").running()).isTrue();
    }
  }

  @Test
  void aSignedPushWebhookMakesTheAgentFetchAndConverge() throws Exception {
    remote.commit("empty start", "README", "services\n");
    Path secret = root.resolve("webhook-secret");
    Files.writeString(secret, "s3cret\n");
    try (Agent agent = agent("webhook_secret_file = \"" + secret + "\"\n")) {
      sync(agent);
      remote.commit("add a", a + ".toml", service(a, t.image(), ""));
      byte[] body = "{\"ref\": \"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));

      var wrong =
          agent
              .webhooks()
              .receive(
                  Map.of(
                      "x-hub-signature-256",
                      List.of("sha256=00"),
                      "x-github-event",
                      List.of("push")),
                  body);
      assertThat(wrong.status()).isEqualTo(401);

      var accepted =
          agent
              .webhooks()
              .receive(
                  Map.of(
                      "x-hub-signature-256", List.of(signature), "x-github-event", List.of("push")),
                  body);
      assertThat(accepted.status()).isEqualTo(202);
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> !t.containers().isEmpty());
      assertThat(container(a + "-api").running()).isTrue();
    }
  }
}
