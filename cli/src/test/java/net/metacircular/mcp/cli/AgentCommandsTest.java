package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.Test;

/** The commands that talk to agents, end to end: a real agent, real git, real podman. */
@RequiresPodman
class AgentCommandsTest extends WithAgentFixture {

  private static JsonNode json(Cli.Run r) throws Exception {
    return new ObjectMapper().readTree(r.out());
  }

  @Test
  void statusShowsEveryServiceHealthyAsTableAndJsonAndCheckExitsThreeOnDrift() throws Exception {
    Cli.Run table = cli.run("status");
    assertThat(table.exit()).as(table.toString()).isZero();
    assertThat(table.out())
        .contains("NODE")
        .contains(f.node)
        .contains(f.address())
        .contains(f.a)
        .contains(f.b)
        .contains("api")
        .contains("web")
        .contains("Recent events:")
        .endsWith("healthy\n")
        .doesNotContain("\u001b[");

    Cli.Run js = cli.run("status", "--json");
    assertThat(js.exit()).as(js.toString()).isZero();
    JsonNode n = json(js);
    assertThat(n.path("healthy").asBoolean()).isTrue();
    JsonNode status = n.path("nodes").get(0).path("status");
    assertThat(status.path("node").asText()).isEqualTo(f.node);
    assertThat(status.path("source").path("applied_commit").asText()).isEqualTo(f.remoteHead());
    assertThat(cli.run("status", "--check").exit()).isZero();

    Cli.Run one = cli.run("status", f.a);
    assertThat(one.out()).contains(f.a).doesNotContain(f.b + " ");

    // Drift: the container stops behind the agent's back.
    f.t.podman().stop(f.a + "-api", Duration.ofSeconds(2));
    Cli.Run drift = cli.run("status", "--check");
    assertThat(drift.exit()).as(drift.toString()).isEqualTo(ExitCodes.NOT_CONVERGED);
    assertThat(drift.out()).contains("DRIFT").contains("1 problem");
    assertThat(cli.run("status").exit()).isZero();
  }

  @Test
  void psListShowEventsAndLogs() throws Exception {
    Cli.Run ps = cli.run("ps");
    assertThat(ps.exit()).as(ps.toString()).isZero();
    assertThat(ps.out())
        .contains("CONTAINER")
        .contains("UPTIME")
        .contains(f.a + "-api")
        .contains(f.b + "-web")
        .contains("running");
    assertThat(json(cli.run("ps", "--json")).path("nodes").get(0).path("ps").path("containers"))
        .hasSize(3);

    Cli.Run list = cli.run("list");
    assertThat(list.exit()).as(list.toString()).isZero();
    assertThat(list.out()).contains(f.a).contains(f.b).contains("api,web").contains("auto");

    Cli.Run show = cli.run("service", "show", f.b);
    assertThat(show.exit()).as(show.toString()).isZero();
    assertThat(show.out()).isEqualTo(f.serviceB());

    Cli.Run events = cli.run("events", f.b, "--limit", "10");
    assertThat(events.exit()).as(events.toString()).isZero();
    assertThat(events.out()).contains("created").contains(f.b + "/web").doesNotContain(f.a + "/");
    assertThat(cli.run("events", "--since", "1h", "--json").out()).contains("\"kind\":\"created\"");

    Cli.Run logs = cli.run("logs", f.a);
    assertThat(logs.exit()).as(logs.toString()).isZero();
    assertThat(logs.out()).contains("hello-from-a");
    Cli.Run which = cli.run("logs", f.b);
    assertThat(which.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(which.err())
        .contains(f.b + " has components api, web")
        .contains("mcp logs " + f.b + "/api")
        .doesNotContain("?component=");
    assertThat(cli.run("logs", f.b + "/web", "--tail", "5").exit()).isZero();

    // A long --timeout: the last-sync column needs /v1/status, which waits for podman ps, slow on
    // a loaded machine (the default 3s is for a person at a terminal, not for this test).
    Cli.Run nodes = cli.run("node", "list", "--timeout", "60s");
    assertThat(nodes.exit()).as(nodes.toString()).isZero();
    assertThat(nodes.out()).contains("REACHABLE").contains("yes").contains("ago");
  }

  @Test
  void nodeListWaitsThreeSecondsForANodeUnlessTimeoutSaysOtherwise() throws Exception {
    // A node whose address accepts connections and never answers.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Cli.Run add = cli.run("node", "add", "silent", "127.0.0.1:" + silent.getLocalPort());
      assertThat(add.exit()).as(add.toString()).isZero();

      Cli.Run quick = cli.run("node", "list");
      assertThat(quick.out() + quick.err()).contains("within 3s");

      // Shorter than the default, so that the test does not wait longer than it must.
      Cli.Run quicker = cli.run("node", "list", "--timeout", "1s");
      assertThat(quicker.out() + quicker.err()).contains("within 1s").doesNotContain("within 3s");
    }
  }

  @Test
  void stopAndStartCommitPushSyncAndConverge() throws Exception {
    Cli.Run stop = cli.run("stop", f.a);
    assertThat(stop.exit()).as(stop.toString()).isZero();
    assertThat(f.remoteSubject()).isEqualTo("mcp: stop " + f.a);
    assertThat(stop.out())
        .contains("pushed ")
        .contains("syncing " + f.node)
        .contains("converged: " + f.a);
    assertThat(f.container(f.a + "-api").running()).isFalse();

    Cli.Run start = cli.run("start", f.a);
    assertThat(start.exit()).as(start.toString()).isZero();
    assertThat(f.remoteSubject()).isEqualTo("mcp: start " + f.a);
    assertThat(start.out()).contains("converged: " + f.a);
    assertThat(f.container(f.a + "-api").running()).isTrue();
  }

  @Test
  void aReadTokenIsRefusedBeforeAnythingIsCommitted() throws Exception {
    Files.writeString(f.tokenFile, AgentFixture.READ_TOKEN + "\n");
    String remote = f.remoteHead();
    String local = ServicesRemote.git(f.services, "rev-parse", "HEAD").strip();
    Path edited = f.root.resolve("edited");
    Path editor = f.root.resolve("editor.sh");
    Files.writeString(editor, "#!/bin/sh\ntouch " + edited + "\n");
    Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
    cli.env("EDITOR", editor.toString());

    for (String[] args : new String[][] {{"stop", f.a}, {"service", "edit", f.a}}) {
      Cli.Run r = cli.run(args);

      assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.AUTH);
      assertThat(r.err())
          .contains("has role read on node " + f.node + " (as viewer)")
          .contains("nothing was committed")
          .contains("mcp-agent token new --role admin")
          .contains("--no-push");
      assertThat(r.out()).doesNotContain("committed ").doesNotContain("pushed ");
    }
    assertThat(edited).as("the editor never opened").doesNotExist();
    assertThat(f.remoteHead()).isEqualTo(remote);
    assertThat(ServicesRemote.git(f.services, "rev-parse", "HEAD").strip()).isEqualTo(local);
    assertThat(ServicesRemote.git(f.services, "status", "--porcelain")).isEmpty();
    assertThat(f.container(f.a + "-api").running()).isTrue();

    // --no-push needs no agent: the commit stays local.
    assertThat(cli.run("stop", f.a, "--no-push").exit()).isZero();
    assertThat(f.remoteHead()).isEqualTo(remote);
  }

  @Test
  void aSyncRefusedAfterThePushSaysTheCommitIsPushedAndHowToUndoIt() throws Exception {
    // The token turns read-only while the editor is open (revoked, swapped): the check before
    // the editor passed, the sync after the push is refused.
    Path editor = f.root.resolve("editor.sh");
    Files.writeString(
        editor,
        "#!/bin/sh\nsed -i 's/stop_timeout = \"2s\"/stop_timeout = \"3s\"/' \"$1\"\n"
            + "printf '%s\\n' "
            + AgentFixture.READ_TOKEN
            + " > "
            + f.tokenFile
            + "\n");
    Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
    cli.env("EDITOR", editor.toString());

    Cli.Run r = cli.run("service", "edit", f.a);

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.AUTH);
    String head = f.remoteHead();
    assertThat(head).isEqualTo(ServicesRemote.git(f.services, "rev-parse", "HEAD").strip());
    assertThat(f.remoteSubject()).isEqualTo("mcp: edit " + f.a);
    String shortHash = head.substring(0, 7);
    assertThat(r.err())
        .contains("the commit " + shortHash + " (mcp: edit " + f.a + ") is already pushed")
        .contains("applies it at its next poll")
        .contains("PERMISSION_DENIED")
        .contains("mcp rollback " + f.a)
        .contains("revert --no-edit " + shortHash);
  }

  @Test
  void rollbackRevertsTheStopAndConverges() throws Exception {
    assertThat(cli.run("stop", f.a).exit()).isZero();
    assertThat(f.container(f.a + "-api").running()).isFalse();

    Cli.Run r = cli.run("rollback", f.a);
    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(f.remoteSubject()).startsWith("Revert");
    assertThat(r.out()).contains("converged: " + f.a);
    assertThat(f.container(f.a + "-api").running()).isTrue();
  }

  @Test
  void notConvergingWithinTheTimeoutExitsThreeWithTheReason() throws Exception {
    // A foreign container (no mcp labels) takes b-web's name: a conflict the agent never touches,
    // so b cannot converge.
    f.t.podman().remove(f.b + "-web", true);
    Process p =
        new ProcessBuilder("podman", "create", "--name", f.b + "-web", TestPodman.IMAGE)
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();

    // Long enough for a status answer on a loaded machine (the reason comes from it), short
    // enough for a test: b never converges.
    Cli.Run r = cli.run("stop", f.b, "--timeout", "10s");

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.NOT_CONVERGED);
    assertThat(r.err()).contains("did not converge within 10s").contains("web");
    assertThat(f.remoteSubject()).isEqualTo("mcp: stop " + f.b);
  }

  @Test
  void anInvalidEditIsNotCommitted() throws Exception {
    String head = f.remoteHead();
    Path editor = f.root.resolve("editor.sh");
    Files.writeString(editor, "#!/bin/sh\nsed -i 's/^node = .*/node = 7/' \"$1\"\n");
    Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
    cli.env("EDITOR", editor.toString()).stdin("n\n");

    Cli.Run r = cli.run("service", "edit", f.a);

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err()).contains("node: expected a string");
    assertThat(f.remoteHead()).isEqualTo(head);
    assertThat(ServicesRemote.git(f.services, "status", "--porcelain")).isEmpty();
    assertThat(f.container(f.a + "-api").running()).isTrue();
  }

  @Test
  void aPushRejectedBecauseTheRemoteMovedIsClearAndForcesNothing() throws Exception {
    Path other = f.otherClone();
    Files.writeString(other.resolve("note.txt"), "someone else\n");
    ServicesRemote.git(other, "add", ".");
    ServicesRemote.git(other, "commit", "--quiet", "-m", "Someone else's change");
    ServicesRemote.git(other, "push", "--quiet", "origin", "HEAD:main");
    String theirs = f.remoteHead();

    Cli.Run r = cli.run("stop", f.a);

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.err())
        .contains("push rejected")
        .contains("nothing was forced")
        .contains("pull --rebase");
    assertThat(f.remoteHead()).isEqualTo(theirs);
    assertThat(f.container(f.a + "-api").running()).isTrue();
  }

  @Test
  void deployOfOneComponentLeavesTheOtherContainerUntouched() throws Exception {
    ObservedContainer api = f.container(f.b + "-api");
    ObservedContainer web = f.container(f.b + "-web");

    Cli.Run r = cli.run("deploy", f.b + "/web", "--force");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("deploy " + f.b + "/web")
        .contains(f.b + "-web")
        .contains("recreate");
    ObservedContainer api2 = f.container(f.b + "-api");
    ObservedContainer web2 = f.container(f.b + "-web");
    assertThat(api2.id()).isEqualTo(api.id());
    assertThat(api2.startedAt()).isEqualTo(api.startedAt());
    assertThat(web2.id()).isNotEqualTo(web.id());
    assertThat(web2.running()).isTrue();

    Cli.Run restart = cli.run("restart", f.b + "/api");
    assertThat(restart.exit()).as(restart.toString()).isZero();
    assertThat(restart.out()).contains(f.b + "-api").contains("done");
    assertThat(f.container(f.b + "-api").id()).isEqualTo(api.id());
    assertThat(f.container(f.b + "-web").id()).isEqualTo(web2.id());
  }

  @Test
  void pushAndPullAFile() throws Exception {
    Path local = f.root.resolve("app.conf");
    Files.writeString(local, "key = 1\n");

    Cli.Run push = cli.run("push", local.toString(), f.a, "conf/app.conf");
    assertThat(push.exit()).as(push.toString()).isZero();
    Path onNode = f.servicesRoot.resolve(f.a).resolve("conf/app.conf");
    assertThat(Files.readString(onNode)).isEqualTo("key = 1\n");
    assertThat(push.out()).contains("wrote " + onNode).contains("8 bytes");

    Cli.Run dflt = cli.run("push", local.toString(), f.a);
    assertThat(dflt.exit()).as(dflt.toString()).isZero();
    assertThat(f.servicesRoot.resolve(f.a).resolve("app.conf")).exists();

    Path copy = f.root.resolve("copy.conf");
    Cli.Run pull = cli.run("pull", f.a, "conf/app.conf", copy.toString());
    assertThat(pull.exit()).as(pull.toString()).isZero();
    assertThat(Files.readString(copy)).isEqualTo("key = 1\n");

    Cli.Run missing = cli.run("pull", f.a, "conf/nope", copy.toString());
    assertThat(missing.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(missing.err()).contains("NOT_FOUND");
    Cli.Run escape = cli.run("push", local.toString(), f.a, "../x");
    assertThat(escape.exit()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void diffShowsUnpushedCommitsAndSyncPushesAndAppliesThem() throws Exception {
    Cli.Run commit = cli.run("stop", f.a, "--no-push");
    assertThat(commit.exit()).as(commit.toString()).isZero();

    Cli.Run diff = cli.run("diff");
    assertThat(diff.exit()).as(diff.toString()).isZero();
    assertThat(diff.out())
        .contains("Local commits not pushed")
        .contains("mcp: stop " + f.a)
        .contains("agents: everything applied");

    Cli.Run sync = cli.run("sync");
    assertThat(sync.exit()).as(sync.toString()).isZero();
    String head = f.remoteHead();
    assertThat(head).isEqualTo(ServicesRemote.git(f.services, "rev-parse", "HEAD").strip());
    assertThat(sync.out())
        .contains("pushed 1 local commit(s)")
        .contains(f.node + ": at " + head.substring(0, 7))
        .contains(f.a + "-api")
        .contains("stop");
    assertThat(f.container(f.a + "-api").running()).isFalse();
    assertThat(cli.run("diff").out()).contains("local: no commits to push");

    Cli.Run again = cli.run("sync", "--json");
    assertThat(json(again).path("nodes").get(0).path("sync").path("commit").asText())
        .isEqualTo(head);
  }

  @Test
  void syncAndDeployExitThreeWhenTheAgentRejectsAServiceFile() throws Exception {
    Path other = f.otherClone();
    Files.writeString(other.resolve(f.b + ".toml"), f.serviceB() + "restart = \"sometimes\"\n");
    ServicesRemote.git(other, "commit", "--quiet", "-am", "A bad restart policy");
    ServicesRemote.git(other, "push", "--quiet", "origin", "HEAD:main");

    Cli.Run sync = cli.run("sync");

    assertThat(sync.exit()).as(sync.toString()).isEqualTo(ExitCodes.NOT_CONVERGED);
    assertThat(sync.out()).contains("rejected " + f.b + ".toml").contains("restart");
    assertThat(sync.err())
        .contains("rejected " + f.node + ": " + f.b + ".toml")
        .contains("last good spec")
        .contains("mcp service edit");
    assertThat(cli.run("sync", "--json").exit()).isEqualTo(ExitCodes.NOT_CONVERGED);
    assertThat(f.container(f.b + "-web").running()).isTrue();

    // A deploy of that service deploys its last good spec, and says it was not the file.
    Cli.Run deploy = cli.run("deploy", f.b);
    assertThat(deploy.exit()).as(deploy.toString()).isEqualTo(ExitCodes.NOT_CONVERGED);
    assertThat(deploy.err())
        .contains("rejected " + f.b + ".toml")
        .contains("last good spec, not the file")
        .contains("mcp service edit " + f.b);
  }

  @Test
  void serviceExportWritesTheAgentsSpecAsAnUncommittedChange() throws Exception {
    assertThat(cli.run("service", "export", f.a).out()).contains("already matches");
    // A local commit not pushed: the agent still has active = true.
    assertThat(cli.run("stop", f.a, "--no-push").exit()).isZero();

    Cli.Run r = cli.run("service", "export", f.a);

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("wrote " + f.services.resolve(f.a + ".toml"))
        .contains("uncommitted");
    assertThat(Files.readString(f.services.resolve(f.a + ".toml"))).isEqualTo(f.serviceA());
    assertThat(ServicesRemote.git(f.services, "status", "--porcelain")).contains(f.a + ".toml");
    // Never over work in progress.
    Cli.Run again = cli.run("service", "export", f.a);
    assertThat(again.exit()).isEqualTo(ExitCodes.ERROR);
    assertThat(again.err()).contains("uncommitted changes");
  }

  @Test
  void syncAndDeployRefusedAfterPushingPendingCommitsSayTheCommitsArePushed() throws Exception {
    Files.writeString(f.tokenFile, AgentFixture.READ_TOKEN + "\n");
    String[][] commands = {{"sync"}, {"deploy", f.a}};
    for (int i = 0; i < commands.length; i++) {
      String[] args = commands[i];
      Cli.Run commit = cli.run(i == 0 ? "stop" : "start", f.a, "--no-push");
      assertThat(commit.exit()).as(commit.toString()).isZero();
      assertThat(commit.out()).contains("committed ");
      String local = ServicesRemote.git(f.services, "rev-parse", "HEAD").strip();

      Cli.Run r = cli.run(args);

      assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.AUTH);
      assertThat(f.remoteHead()).isEqualTo(local);
      assertThat(r.err())
          .contains("PERMISSION_DENIED")
          .contains(
              "the 1 local commit(s) of "
                  + f.services
                  + " up to "
                  + local.substring(0, 7)
                  + " are already pushed to origin/main and the agents apply them at their next"
                  + " poll");

      // Nothing pending: the refusal alone.
      Cli.Run again = cli.run(args);
      assertThat(again.exit()).as(again.toString()).isEqualTo(ExitCodes.AUTH);
      assertThat(again.err()).contains("PERMISSION_DENIED").doesNotContain("already pushed");
    }
  }

  @Test
  void aRefusedTokenShowsRefusedNotUnreachableInTheTables() throws Exception {
    Files.writeString(f.tokenFile, "wrong-token\n");

    for (String command : new String[] {"status", "ps", "list"}) {
      Cli.Run r = cli.run(command);

      assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.AUTH);
      assertThat(r.err()).contains("UNAUTHENTICATED");
      assertThat(r.out()).contains("refused").doesNotContain("unreachable");
    }
  }

  @Test
  void authErrorsExitFourAndSayWhatToDo() throws Exception {
    Files.delete(f.tokenFile);
    Cli.Run none = cli.run("status");
    assertThat(none.exit()).as(none.toString()).isEqualTo(ExitCodes.AUTH);
    assertThat(none.err()).contains("no token file " + f.tokenFile).contains("mcp-agent token new");

    Files.writeString(f.tokenFile, "wrong-token\n");
    Cli.Run wrong = cli.run("ps");
    assertThat(wrong.exit()).as(wrong.toString()).isEqualTo(ExitCodes.AUTH);
    assertThat(wrong.err())
        .contains("refused the token in " + f.tokenFile)
        .contains("UNAUTHENTICATED")
        // This agent takes tokens from its tokens file only: no word of MCIAS's curl.
        .contains("not in this agent's tokens file")
        .contains("mcp-agent token new")
        .doesNotContain("/v1/token/validate")
        .doesNotContain("mcias.metacircular.net");

    Files.writeString(f.tokenFile, AgentFixture.READ_TOKEN);
    assertThat(cli.run("ps").exit()).isZero();
    Cli.Run denied = cli.run("restart", f.a);
    assertThat(denied.exit()).as(denied.toString()).isEqualTo(ExitCodes.AUTH);
    assertThat(denied.err())
        .contains("PERMISSION_DENIED")
        .contains("mcp-agent token new --role admin");
    assertThat(denied.err().split("needs an admin token", -1))
        .as("said once: %s", denied.err())
        .hasSize(2);
  }

  @Test
  void anUnreachableNodeIsNamedWithItsAddress() throws Exception {
    int port;
    try (var s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Files.writeString(
        f.config,
        Files.readString(f.config)
            + "\n[[nodes]]\nname = \"gone\"\naddress = \"127.0.0.1:"
            + port
            + "\"\n");

    Cli.Run r = cli.run("status");

    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.ERROR);
    assertThat(r.out()).contains(f.a).contains("unreachable");
    assertThat(r.err())
        .contains("cannot reach node gone at 127.0.0.1:" + port)
        .contains("systemctl status mcp-agent");
    // A long --timeout: the last-sync column needs /v1/status, which waits for podman ps, slow on
    // a loaded machine (the default 3s is for a person at a terminal, not for this test).
    Cli.Run nodes = cli.run("node", "list", "--timeout", "60s");
    assertThat(nodes.exit()).isZero();
    assertThat(nodes.out()).containsPattern("gone +127\\.0\\.0\\.1:" + port + " +no");
  }
}
