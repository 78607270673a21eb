package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import net.metacircular.mcp.agent.AgentCommand;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mcp whoami} against a real agent, and {@code mcp-agent token revoke} taking effect on the
 * running agent without a restart.
 */
@RequiresPodman
class WhoamiTest {
  private AgentFixture f;

  @BeforeEach
  void setUp(TestPodman t, @TempDir Path root) throws Exception {
    f = new AgentFixture(t, root);
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
    f.t.removeAll();
  }

  private static int agentCommand(String... args) {
    CommandLine cl = AgentCommand.commandLine();
    cl.setOut(new PrintWriter(new StringWriter()));
    cl.setErr(new PrintWriter(new StringWriter()));
    return cl.execute(args);
  }

  @Test
  void whoamiShowsNameRoleAndSourceAndARevokedTokenIsRefusedAtOnce() throws Exception {
    Cli.Run admin = f.cli.run("whoami");
    assertThat(admin.exit()).as(admin.toString()).isZero();
    assertThat(admin.out())
        .containsPattern("NODE +NAME +ROLE +SOURCE")
        .containsPattern(f.node + " +operator +admin +tokens-file");

    Cli.Run json = f.cli.run("whoami", "--json");
    JsonNode node = new ObjectMapper().readTree(json.out()).path("nodes").get(0);
    assertThat(node.path("node").asText()).isEqualTo(f.node);
    assertThat(node.path("whoami").path("name").asText()).isEqualTo("operator");
    assertThat(node.path("whoami").path("role").asText()).isEqualTo("admin");
    assertThat(node.path("whoami").path("via").asText()).isEqualTo("tokens-file");

    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String config = Files.readString(f.config);
    Files.writeString(
        f.config, config + "\n[[nodes]]\nname = \"gone\"\naddress = \"127.0.0.1:" + port + "\"\n");
    Cli.Run unreachable = f.cli.run("whoami");
    assertThat(unreachable.exit()).as(unreachable.toString()).isEqualTo(ExitCodes.ERROR);
    assertThat(unreachable.out()).containsPattern("gone +- +unreachable");
    assertThat(unreachable.err()).contains("cannot reach node gone at 127.0.0.1:" + port);
    Files.writeString(f.config, config);

    Files.writeString(f.tokenFile, AgentFixture.READ_TOKEN + "\n");
    assertThat(f.cli.run("whoami").out()).containsPattern(f.node + " +viewer +read +tokens-file");

    assertThat(
            agentCommand(
                "token", "revoke", "viewer", "--file", f.root.resolve("tokens").toString()))
        .isZero();

    Cli.Run revoked = f.cli.run("whoami");
    assertThat(revoked.exit()).as(revoked.toString()).isEqualTo(ExitCodes.AUTH);
    assertThat(revoked.out()).containsPattern(f.node + " +- +refused");
    assertThat(revoked.err()).contains("UNAUTHENTICATED");
  }
}
