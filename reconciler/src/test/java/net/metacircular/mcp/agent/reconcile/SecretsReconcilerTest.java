package net.metacircular.mcp.agent.reconcile;

import static net.metacircular.mcp.agent.reconcile.AgentHarness.component;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import net.metacircular.mcp.agent.runtime.PodmanSecretName;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.schema.age.AgeIdentity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reconciler's handling of secrets on the in-memory runtime: a node without an identity rejects
 * a service that uses secrets and leaves what runs alone; an unknown secret is an error of the
 * service file naming the expected path; a truncated file is rejected with its path while the last
 * good spec runs; the podman secret holds the decrypted value.
 */
class SecretsReconcilerTest {
  @RegisterExtension final InMemoryHarness fixture = new InMemoryHarness();
  private final InMemoryRuntime runtime = fixture.runtime();
  private final AgentHarness agent = fixture.agent();
  private final String svc = runtime.service("app");

  @Test
  void withoutAnIdentityAServiceThatUsesSecretsIsRejectedAndHeld() throws Exception {
    agent.writeSecret(svc, "pw", "value-1", AgeIdentity.generate().recipient());
    agent.write(svc, agent.service(svc, component("api", runtime.image(), "secrets = [\"pw\"]")));

    agent.reconcile();

    assertThat(agent.exists(svc + "-api")).isFalse();
    assertThat(agent.events())
        .contains(
            "rejected: rejected "
                + svc
                + ".toml: it uses secrets, and this node has no [secrets] identity to decrypt them"
                + " (make one with: mcp-agent secrets keygen) (not applied)");
  }

  @Test
  void anUnknownSecretIsAnErrorOfTheFileNamingTheExpectedPath() throws Exception {
    agent.useIdentity(AgeIdentity.generate());
    agent.write(svc, agent.service(svc, component("api", runtime.image(), "secrets = [\"pw\"]")));

    agent.reconcile();

    assertThat(agent.events())
        .anySatisfy(
            e ->
                assertThat(e)
                    .contains(
                        "components[0].secrets[0]: no secret \"pw\" in the services repository:"
                            + " expected the file secrets/"
                            + svc
                            + "/pw.age"));
  }

  @Test
  void aTruncatedFileIsRejectedWithItsPathAndTheLastGoodRuns() throws Exception {
    AgeIdentity node = AgeIdentity.generate();
    agent.useIdentity(node);
    agent.writeSecret(svc, "pw", "value-1", node.recipient());
    agent.write(svc, agent.service(svc, component("api", runtime.image(), "secrets = [\"pw\"]")));
    agent.reconcile();
    String id = agent.container(svc + "-api").id();
    String podmanSecret =
        runtime.secretNames().stream()
            .filter(n -> n.startsWith("mcp-" + svc + "-pw-"))
            .findFirst()
            .orElseThrow();
    assertThat(runtime.secretValue(podmanSecret).map(b -> new String(b, StandardCharsets.UTF_8)))
        .contains("value-1");
    assertThat(podmanSecret).matches(PodmanSecretName.PREFIX + svc + "-pw-[0-9a-f]{8}");

    Path file = agent.services.resolve("secrets").resolve(svc).resolve("pw.age");
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 10));
    agent.reconcile();

    assertThat(agent.container(svc + "-api").id()).isEqualTo(id);
    assertThat(runtime.secretNames()).contains(podmanSecret);
    assertThat(agent.events())
        .anySatisfy(
            e ->
                assertThat(e)
                    .startsWith("rejected: rejected " + svc + ".toml: secrets/" + svc + "/pw.age: ")
                    .endsWith("(keeping the last good spec)"));
  }

  @Test
  void aFileEncryptedWithTheAgeToolIsDecryptedAtApplyTime() throws Exception {
    AgeIdentity node = AgeIdentity.generate();
    agent.useIdentity(node);
    Path dir = Files.createDirectories(agent.services.resolve("secrets").resolve(svc));
    Process age =
        new ProcessBuilder("age", "-r", node.recipient(), "-o", dir.resolve("pw.age").toString())
            .redirectErrorStream(true)
            .start();
    age.getOutputStream().write("from-the-age-tool".getBytes(StandardCharsets.UTF_8));
    age.getOutputStream().close();
    assertThat(age.waitFor())
        .as(new String(age.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isZero();
    agent.write(
        svc,
        agent.service(svc, component("api", runtime.image(), "env_secrets = { PW = \"pw\" }")));

    agent.reconcile();

    assertThat(agent.exists(svc + "-api")).isTrue();
    assertThat(
            runtime.secretNames().stream()
                .flatMap(n -> runtime.secretValue(n).stream())
                .map(b -> new String(b, StandardCharsets.UTF_8)))
        .contains("from-the-age-tool");
  }

  /** slf4j-simple writes to whatever System.err is at each line: the agent's log, captured. */
  @Test
  void theAgentsLogNamesPodmanSecretsButNeverAValue() throws Exception {
    AgeIdentity node = AgeIdentity.generate();
    agent.useIdentity(node);
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      agent.writeSecret(svc, "pw", "log-value-one", node.recipient());
      agent.write(svc, agent.service(svc, component("api", runtime.image(), "secrets = [\"pw\"]")));
      agent.reconcile();
      agent.writeSecret(svc, "pw", "log-value-two", node.recipient());
      agent.reconcile();
      agent.writeSecret(svc, "pw", "log-value-three", AgeIdentity.generate().recipient());
      agent.reconcile();
    } finally {
      System.setErr(err);
    }

    String text = log.toString(StandardCharsets.UTF_8);
    assertThat(text).contains("created podman secret mcp-" + svc + "-pw-");
    assertThat(text).contains("removed podman secret mcp-" + svc + "-pw-");
    assertThat(text)
        .doesNotContain("log-value-one")
        .doesNotContain("log-value-two")
        .doesNotContain("log-value-three");
  }
}
