package net.metacircular.mcp.agent.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.AgentCommand;
import net.metacircular.mcp.agent.api.ApiOptions;
import net.metacircular.mcp.agent.api.ApiServer;
import net.metacircular.mcp.agent.config.ConfigException;
import net.metacircular.mcp.agent.testing.ApiClient;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import net.metacircular.mcp.schema.age.AgeIdentity;
import net.metacircular.mcp.schema.api.RecipientResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The node's identity: {@code mcp-agent secrets keygen} writes it 0600 and prints its recipient,
 * never over an existing file; an agent refuses to start on one that others can read, naming the
 * key; and {@code GET /v1/secrets/recipient} gives the recipient to a read token.
 */
class SecretsAgentTest {
  @TempDir Path root;

  @Test
  void keygenWritesAPrivateIdentityAndPrintsItsRecipientOnce() throws Exception {
    Path file = root.resolve("keys/age-identity.txt");
    java.io.StringWriter out = new java.io.StringWriter();
    java.io.StringWriter err = new java.io.StringWriter();
    CommandLine cmd =
        new CommandLine(new AgentCommand())
            .setOut(new java.io.PrintWriter(out))
            .setErr(new java.io.PrintWriter(err));

    assertThat(cmd.execute("secrets", "keygen", "--out", file.toString())).isZero();
    String recipient = out.toString().strip();
    assertThat(recipient).startsWith("age1");
    assertThat(IdentityFile.load(file).recipient()).isEqualTo(recipient);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    String before = Files.readString(file);

    assertThat(cmd.execute("secrets", "keygen", "--out", file.toString())).isEqualTo(1);
    assertThat(err.toString()).contains(file + " exists; an identity is never overwritten");
    assertThat(Files.readString(file)).isEqualTo(before);
  }

  @Test
  void anIdentityOthersCanReadRefusesTheStartNamingTheKey() throws Exception {
    Path file = root.resolve("age-identity.txt");
    IdentityFile.create(file, Instant.EPOCH);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    TestAgentSetup setup =
        TestAgentSetup.forFolder(root, "rift", Files.createDirectories(root.resolve("services")))
            .runtime(new InMemoryRuntime())
            .secretsIdentity(file);

    assertThatThrownBy(() -> setup.agent(Clock.systemUTC()).close())
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "[secrets] identity "
                + file
                + " is open to other users (rw-r--r--), and whoever reads it can decrypt every"
                + " secret of this node; the agent does not start: make it readable only by the"
                + " agent's user: chmod 600 "
                + file);

    Files.delete(file);
    assertThatThrownBy(() -> setup.agent(Clock.systemUTC()).close())
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "[secrets] identity "
                + file
                + ": no such file; make one with: mcp-agent secrets keygen --out "
                + file);
  }

  @Test
  void theRecipientIsServedToAReadToken() throws Exception {
    Path file = root.resolve("age-identity.txt");
    AgeIdentity identity = IdentityFile.create(file, Instant.EPOCH);
    TestAgentSetup setup =
        TestAgentSetup.forFolder(root, "rift", Files.createDirectories(root.resolve("services")))
            .runtime(new InMemoryRuntime())
            .secretsIdentity(file);
    try (Agent agent = setup.agent(Clock.systemUTC())) {
      ApiServer server = agent.serve(ApiOptions.defaults(Clock.systemUTC()));
      ApiClient api = new ApiClient(setup.certs(), server.port(), Duration.ofSeconds(5));

      RecipientResponse r =
          ApiClient.read(
              api.send(api.request("/v1/secrets/recipient", TestAgentSetup.READ)),
              RecipientResponse.class);

      assertThat(r).isEqualTo(new RecipientResponse("rift", identity.recipient()));
      assertThat(api.send(api.request("/v1/secrets/recipient", TestAgentSetup.READ)).body())
          .doesNotContain("AGE-SECRET-KEY");
    }
  }
}
