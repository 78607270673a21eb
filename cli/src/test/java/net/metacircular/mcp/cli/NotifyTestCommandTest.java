package net.metacircular.mcp.cli;

import static net.metacircular.mcp.agent.testing.TestAgentSetup.sha256;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.api.ApiOptions;
import net.metacircular.mcp.agent.api.ApiServer;
import net.metacircular.mcp.agent.api.TestCerts;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.LoopbackReceiver;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mcp notify test} in-process against a real agent over TLS (on a folder and the in-memory
 * runtime) whose receivers are a real HTTPS server on loopback: one that takes the message, one
 * that answers 503.
 */
class NotifyTestCommandTest {
  private static final String TOKEN = "notify-test-admin-token-0123456789";
  private static final String READ_TOKEN = "notify-test-read-token-0123456789";

  @TempDir Path root;
  private final TestCerts certs = new TestCerts();
  private LoopbackReceiver receiver;
  private Path receiverCa;
  private Agent agent;
  private Cli cli;
  private Path tokenFile;
  private String node;

  @BeforeEach
  void setUp() throws Exception {
    receiver = LoopbackReceiver.https(certs, Files.createDirectories(root.resolve("receiver")));
    receiverCa = root.resolve("receiver-ca.pem");
    certs.writeCa(receiverCa);
  }

  @AfterEach
  void tearDown() throws Exception {
    if (agent != null) {
      agent.close();
    }
    receiver.close();
  }

  /** An agent with these {@code [[notify]]} tables, and mcp.toml naming it. */
  private void start(String notify) throws Exception {
    InMemoryRuntime runtime = new InMemoryRuntime();
    node = runtime.prefix();
    Path folder = Files.createDirectories(root.resolve("services"));
    agent =
        TestAgentSetup.forFolder(root.resolve("agent"), node, folder)
            .tls(certs)
            .tokens(sha256(TOKEN) + " admin operator\n" + sha256(READ_TOKEN) + " read viewer\n")
            .notify(notify)
            .runtime(runtime)
            .agent(Clock.systemUTC());
    ApiServer server = agent.serve(ApiOptions.defaults(Clock.systemUTC()));
    Path home = Files.createDirectories(root.resolve("home"));
    Path mcpDir = Files.createDirectories(home.resolve(".config/mcp"));
    Path ca = mcpDir.resolve("ca.pem");
    certs.writeCa(ca);
    tokenFile = mcpDir.resolve("token");
    Files.writeString(tokenFile, TOKEN + "\n");
    Files.writeString(
        mcpDir.resolve("mcp.toml"),
        "ca_cert = \""
            + ca
            + "\"\n\n[[nodes]]\nname = \""
            + node
            + "\"\naddress = \"127.0.0.1:"
            + server.port()
            + "\"\n");
    cli = new Cli(home);
  }

  private String receiverTable(String path, String format) {
    return "[[notify]]\nurl = \""
        + receiver.url(path)
        + "\"\nformat = \""
        + format
        + "\"\nca_file = \""
        + receiverCa
        + "\"\n";
  }

  @Test
  void everyReceiverTakesItsMessageAndTheCommandExitsZero() throws Exception {
    start(receiverTable("/json", "json") + receiverTable("/slack", "slack"));
    Cli.Run run = cli.run("notify", "test", "--node", node);
    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains(node + ": notify[1] " + receiver.url("/json") + " (json): delivered")
        .contains(node + ": notify[2] " + receiver.url("/slack") + " (slack): delivered");
    assertThat(receiver.received())
        .extracting(LoopbackReceiver.Received::path)
        .containsExactlyInAnyOrder("/json", "/slack");
    assertThat(receiver.received())
        .filteredOn(r -> r.path().equals("/slack"))
        .singleElement()
        .satisfies(r -> assertThat(r.text()).contains("[test] mcp-agent on " + node));

    Cli.Run json = cli.run("notify", "test", "--json");
    assertThat(json.exit()).as(json.toString()).isZero();
    assertThat(json.out())
        .contains("\"notify_test\":{\"node\":\"" + node + "\"")
        .contains("\"name\":\"notify[2]\",\"url\":\"" + receiver.url("/slack") + "\"")
        .contains("\"delivered\":true,\"error\":\"\"");
    assertThat(receiver.received()).hasSize(4);

    Files.writeString(tokenFile, READ_TOKEN + "\n");
    Cli.Run read = cli.run("notify", "test");
    assertThat(read.exit()).as(read.toString()).isEqualTo(ExitCodes.AUTH);
    assertThat(receiver.received()).as("a read token sends nothing").hasSize(4);
  }

  @Test
  void aReceiverThatFailsIsNamedWithItsReasonAndTheCommandExitsOne() throws Exception {
    start(receiverTable("/json", "json") + receiverTable("/down", "ntfy"));
    Cli.Run run = cli.run("notify", "test");
    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.ERROR);
    assertThat(run.out())
        .contains(node + ": notify[1] " + receiver.url("/json") + " (json): delivered")
        .contains(
            "notify[2] " + receiver.url("/down") + " (ntfy): failed: the receiver answered 503");
    assertThat(run.err())
        .contains(
            "mcp: "
                + node
                + ": notify[2] ("
                + receiver.url("/down")
                + ") did not take the test message: the receiver answered 503");
    assertThat(receiver.received())
        .extracting(LoopbackReceiver.Received::path)
        .containsExactly("/json");
  }

  @Test
  void aNodeWithoutReceiversSaysSoAndExitsOne() throws Exception {
    start("");
    Cli.Run run = cli.run("notify", "test", "--node", node);
    assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCodes.ERROR);
    assertThat(run.err()).contains("has no [[notify]] receiver");
  }
}
