package net.metacircular.mcp.cli;

import static net.metacircular.mcp.agent.testing.TestAgentSetup.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.Agent;
import net.metacircular.mcp.agent.api.ApiOptions;
import net.metacircular.mcp.agent.api.ApiServer;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestAgentSetup;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code mcp events --follow} in-process against two real agents over TLS (one on podman and git,
 * one on a folder and the in-memory runtime): the events of both, merged into one output as they
 * are written, until the command is interrupted (as Ctrl-C does).
 */
@RequiresPodman
class EventsFollowTest {
  private AgentFixture f;
  private Agent second;
  private ApiServer secondServer;
  private String secondNode;

  @BeforeEach
  void setUp(TestPodman t, @TempDir Path root) throws Exception {
    f = new AgentFixture(t, root);
    secondNode = t.prefix() + "-two";
    Path folder = Files.createDirectories(root.resolve("two-services"));
    TestAgentSetup files =
        TestAgentSetup.forFolder(root.resolve("two"), secondNode, folder)
            .tls(f.certs)
            .tokens(
                sha256(AgentFixture.TOKEN)
                    + " admin operator\n"
                    + sha256(AgentFixture.READ_TOKEN)
                    + " read viewer\n")
            .runtime(new InMemoryRuntime());
    second = files.agent(Clock.systemUTC());
    secondServer = second.serve(ApiOptions.defaults(Clock.systemUTC()));
    Files.writeString(
        f.config,
        Files.readString(f.config)
            + "\n[[nodes]]\nname = \""
            + secondNode
            + "\"\naddress = \"127.0.0.1:"
            + secondServer.port()
            + "\"\n");
    Files.writeString(f.tokenFile, AgentFixture.READ_TOKEN + "\n");
  }

  @AfterEach
  void tearDown() throws Exception {
    try {
      second.close();
      f.close();
    } finally {
      f.t.removeAll();
    }
  }

  @Test
  void followsEveryNodeAtOnceUntilInterrupted() throws Exception {
    f.agent.registry().appendEvent(NewEvent.ofService(EventKind.STARTED, f.a, "backlog one"));
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = McpCommand.commandLine(f.cli.cliEnv(), AfterPush.NONE);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    Thread[] runner = new Thread[1];
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    runner[0] =
        Thread.ofPlatform()
            .start(() -> exit.complete(cl.execute("events", "--follow", "--limit", "1")));

    // The newest event of each node first, then each new one as it is written.
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(out.toString()).contains("backlog one"));
    f.agent.registry().appendEvent(NewEvent.ofService(EventKind.HEALED, f.a, "live on one"));
    second.registry().appendEvent(NewEvent.ofService(EventKind.FAILED, "web", "live on two"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(out.toString())
                    .containsPattern(" " + f.node + "  " + f.a + "  healed  -  live on one\n")
                    .containsPattern(" " + secondNode + "  web  failed  -  live on two\n"));
    assertThat(exit).isNotDone();

    runner[0].interrupt();
    assertThat(exit.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void uiPrintsEachNodesPageAndNeverNeedsABrowser() {
    Cli.Run all = f.cli.run("ui");
    assertThat(all.exit()).as(all.toString()).isZero();
    assertThat(all.out())
        .contains(f.node + " ")
        .contains("https://" + f.address() + "/ui/")
        .contains("https://127.0.0.1:" + secondServer.port() + "/ui/");
    // No display here, and not a terminal: it prints and exits 0 all the same.
    Cli.Run one = f.cli.env("DISPLAY", ":0").run("ui", secondNode);
    assertThat(one.exit()).as(one.toString()).isZero();
    assertThat(one.out()).contains(secondNode).doesNotContain(f.address());
    assertThat(f.cli.run("ui", "nosuch").exit()).isEqualTo(ExitCodes.ERROR);
  }
}
