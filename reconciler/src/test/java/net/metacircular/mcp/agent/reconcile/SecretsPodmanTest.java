package net.metacircular.mcp.agent.reconcile;

import static net.metacircular.mcp.agent.reconcile.AgentHarness.component;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import net.metacircular.mcp.schema.age.AgeIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets end to end on real podman: a container reads its secret as a file and as an environment
 * variable; a new value recreates exactly the components that use it and removes the old podman
 * secret; a file for other recipients is rejected alone with the file named; dropping a secret
 * recreates its user without it; and the value is nowhere in the events or the data directory.
 */
@RequiresPodman
class SecretsPodmanTest {
  private static final String TLS = "tls-key-value-7f3a";
  private static final String PW_ONE = "db-password-one-91c2";
  private static final String PW_TWO = "db-password-two-44d8";

  private TestPodman t;
  private AgentHarness agent;
  private AgeIdentity node;
  private String svc;

  @BeforeEach
  void setUp(TestPodman podman, @TempDir Path root) throws Exception {
    t = podman;
    agent = new AgentHarness(podman, root, PlanOptions.DEFAULTS);
    node = AgeIdentity.generate();
    agent.useIdentity(node);
    svc = t.service("app");
  }

  @AfterEach
  void tearDown() {
    agent.close();
  }

  private void writeService(String apiExtra) throws Exception {
    agent.write(
        svc,
        agent.service(
            svc,
            component("api", t.image(), apiExtra)
                + component("worker", t.image(), "env_secrets = { PW = \"db_password\" }")
                + component("web", t.image())));
  }

  private String exec(String container, String... command) {
    List<String> args = new java.util.ArrayList<>(List.of("exec", container));
    args.addAll(List.of(command));
    return t.byHand(args.toArray(String[]::new)).strip();
  }

  private List<String> podmanSecrets() {
    return t.podman().secretNames().stream().filter(n -> n.startsWith("mcp-" + svc + "-")).toList();
  }

  @Test
  void aContainerReadsItsSecretsAndARotationRecreatesOnlyTheirUsers() throws Exception {
    agent.writeSecret(svc, "tls_key", TLS, node.recipient());
    agent.writeSecret(svc, "db_password", PW_ONE, node.recipient());
    writeService("secrets = [\"tls_key\"]\nenv_secrets = { DB_PASSWORD = \"db_password\" }");

    agent.reconcile();

    assertThat(exec(svc + "-api", "cat", "/run/secrets/tls_key")).isEqualTo(TLS);
    assertThat(exec(svc + "-api", "sh", "-c", "echo $DB_PASSWORD")).isEqualTo(PW_ONE);
    assertThat(exec(svc + "-worker", "sh", "-c", "echo $PW")).isEqualTo(PW_ONE);
    assertThat(podmanSecrets()).hasSize(2);
    String api = agent.container(svc + "-api").id();
    String worker = agent.container(svc + "-worker").id();
    String web = agent.container(svc + "-web").id();
    String oldPassword =
        podmanSecrets().stream().filter(n -> n.contains("-db_password-")).findFirst().orElseThrow();

    // The same value encrypted again, to one more recipient: nothing changes.
    agent.writeSecret(
        svc, "db_password", PW_ONE, node.recipient(), AgeIdentity.generate().recipient());
    agent.reconcile();
    assertThat(agent.container(svc + "-api").id()).isEqualTo(api);

    agent.writeSecret(svc, "db_password", PW_TWO, node.recipient());
    agent.reconcile();

    assertThat(agent.container(svc + "-web").id()).isEqualTo(web);
    assertThat(agent.container(svc + "-api").id()).isNotEqualTo(api);
    assertThat(agent.container(svc + "-worker").id()).isNotEqualTo(worker);
    assertThat(exec(svc + "-worker", "sh", "-c", "echo $PW")).isEqualTo(PW_TWO);
    assertThat(exec(svc + "-api", "cat", "/run/secrets/tls_key")).isEqualTo(TLS);
    assertThat(podmanSecrets()).hasSize(2).doesNotContain(oldPassword);
    assertThat(agent.events())
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith(
                        "recreated: recreated " + svc + "-worker: secret db_password changed ("));
    assertNoValueIn(PW_ONE, PW_TWO, TLS);
  }

  @Test
  void aFileForOtherRecipientsIsRejectedAloneAndTheLastGoodRuns() throws Exception {
    agent.writeSecret(svc, "tls_key", TLS, node.recipient());
    agent.writeSecret(svc, "db_password", PW_ONE, node.recipient());
    writeService("secrets = [\"tls_key\"]");
    String other = t.service("other");
    agent.write(other, agent.service(other, component("api", t.image())));
    agent.reconcile();
    String worker = agent.container(svc + "-worker").id();
    String otherApi = agent.container(other + "-api").id();

    agent.writeSecret(svc, "db_password", PW_TWO, AgeIdentity.generate().recipient());
    agent.write(other, agent.service(other, component("api", t.image(), "env = { V = \"2\" }")));
    agent.reconcile();

    assertThat(agent.container(svc + "-worker").id()).isEqualTo(worker);
    assertThat(exec(svc + "-worker", "sh", "-c", "echo $PW")).isEqualTo(PW_ONE);
    assertThat(agent.container(other + "-api").id()).isNotEqualTo(otherApi);
    assertThat(agent.events())
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith(
                        "rejected: rejected "
                            + svc
                            + ".toml: secrets/"
                            + svc
                            + "/db_password.age: it cannot be decrypted with this node's identity")
                    .endsWith("(keeping the last good spec)"));
    assertNoValueIn(PW_ONE, PW_TWO, TLS);
  }

  @Test
  void aSecretDroppedFromTheSpecRecreatesItsUserWithoutItAndItsPodmanSecretGoes() throws Exception {
    agent.writeSecret(svc, "tls_key", TLS, node.recipient());
    agent.writeSecret(svc, "db_password", PW_ONE, node.recipient());
    writeService("secrets = [\"tls_key\"]");
    agent.reconcile();
    assertThat(podmanSecrets()).hasSize(2);

    writeService("");
    Files.delete(agent.services.resolve("secrets").resolve(svc).resolve("tls_key.age"));
    agent.reconcile();

    assertThat(podmanSecrets()).hasSize(1).allMatch(n -> n.contains("-db_password-"));
    assertThat(exec(svc + "-api", "sh", "-c", "test -e /run/secrets/tls_key || echo absent"))
        .isEqualTo("absent");
  }

  /** Not in any event, nor anywhere in the data directory (the registry, its WAL, backups). */
  private void assertNoValueIn(String... values) throws Exception {
    List<String> events = agent.events();
    for (String v : values) {
      assertThat(events).noneMatch(e -> e.contains(v));
    }
    try (Stream<Path> files = Files.walk(agent.dataDir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String v : values) {
          assertThat(bytes).as(f + " holds a secret's value").doesNotContain(v);
        }
      }
    }
  }
}
