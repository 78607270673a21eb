package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopStartTest extends GitCase {

  @Test
  void stopThenStartEditsOneLineCommitsAndPushes() throws Exception {
    String original = file("metacrypt.toml");
    List<PushedChange> hooked = new ArrayList<>();
    cli.afterPush(
        (change, options) -> {
          hooked.add(change);
          return ExitCodes.OK;
        });

    Cli.Run stop = cli.run("stop", "metacrypt");

    assertThat(stop.exit()).as(stop.toString()).isZero();
    String stopped = file("metacrypt.toml");
    assertThat(stopped).isEqualTo(original.replace("active = true\n", "active = false\n"));
    assertThat(localSubject()).isEqualTo("mcp: stop metacrypt");
    assertThat(remote.remoteSubject()).isEqualTo("mcp: stop metacrypt");
    assertThat(remote.remoteFile("metacrypt.toml")).isEqualTo(stopped);
    assertThat(remote.remoteHead()).isEqualTo(localHead());
    String shortHash = localHead().substring(0, 7);
    assertThat(stop.out())
        .contains("committed " + shortHash + " mcp: stop metacrypt")
        .contains("pushed " + shortHash + " to origin/main");
    assertThat(hooked).hasSize(1);
    assertThat(hooked.get(0).service()).isEqualTo("metacrypt");
    assertThat(hooked.get(0).nodes()).containsExactly("rift");
    assertThat(hooked.get(0).commit()).isEqualTo(localHead());
    assertThat(hooked.get(0).upstream()).isEqualTo("origin/main");

    Cli.Run start = cli.run("start", "metacrypt");

    assertThat(start.exit()).as(start.toString()).isZero();
    assertThat(file("metacrypt.toml")).isEqualTo(original);
    assertThat(remote.remoteSubject()).isEqualTo("mcp: start metacrypt");
    assertThat(remote.remoteFile("metacrypt.toml")).isEqualTo(original);
    assertThat(hooked).hasSize(2);
    assertThat(status()).isEmpty();
  }

  @Test
  void stoppingAServiceWithoutAnActiveLineAddsOneAfterNode() throws Exception {
    String original = file("static-site.toml");
    assertThat(original).doesNotContain("active");

    Cli.Run stop = cli.run("stop", "static-site");

    assertThat(stop.exit()).as(stop.toString()).isZero();
    assertThat(file("static-site.toml"))
        .isEqualTo(original.replace("node = \"rift\"\n", "node = \"rift\"\nactive = false\n"));
    assertThat(remote.remoteSubject()).isEqualTo("mcp: stop static-site");
  }

  @Test
  void aCommentAfterTheFlagStaysAligned() throws Exception {
    Files.writeString(
        services.resolve("metacrypt.toml"),
        file("metacrypt.toml").replace("active = true\n", "active = true      # on\n"));
    ServicesRemote.git(services, "commit", "-qam", "comment");

    assertThat(cli.run("stop", "metacrypt").exit()).isZero();

    assertThat(file("metacrypt.toml")).contains("\nactive = false     # on\n");
  }

  @Test
  void stoppingAStoppedServiceSaysSoAndCommitsNothing() {
    assertThat(cli.run("stop", "metacrypt").exit()).isZero();
    String head = localHead();

    Cli.Run again = cli.run("stop", "metacrypt");

    assertThat(again.exit()).as(again.toString()).isZero();
    assertThat(again.out())
        .startsWith("metacrypt is already stopped (active = false in ")
        .contains("nothing to commit");
    assertThat(localHead()).isEqualTo(head);
    assertThat(remote.remoteHead()).isEqualTo(head);
  }

  @Test
  void startingAServiceThatIsActiveByDefaultIsANoOp() {
    Cli.Run start = cli.run("start", "static-site");

    assertThat(start.exit()).isZero();
    assertThat(start.out())
        .contains("static-site is already active")
        .contains("mcp deploy static-site starts them");
  }

  @Test
  void anUnknownServiceNamesTheServicesThereAre() {
    String head = localHead();

    Cli.Run r = cli.run("stop", "metacrpyt");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "mcp: no service metacrpyt in "
                + services
                + "; services are: ledger, metacrypt, static-site, thumbnailer, wiki\n");
    assertThat(localHead()).isEqualTo(head);
  }

  @Test
  void uncommittedChangesInTheFileAreRefusedAndLeftAlone() throws Exception {
    String dirty = file("metacrypt.toml") + "# work in progress\n";
    Files.writeString(services.resolve("metacrypt.toml"), dirty);
    String head = localHead();

    Cli.Run r = cli.run("stop", "metacrypt");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("mcp: metacrypt.toml has uncommitted changes in " + services)
        .contains("commit or discard them first")
        .contains("nothing was changed");
    assertThat(file("metacrypt.toml")).isEqualTo(dirty);
    assertThat(localHead()).isEqualTo(head);
  }

  @Test
  void anInvalidFileIsNotChanged() throws Exception {
    Files.writeString(
        services.resolve("wiki.toml"), file("wiki.toml").replace("node = \"rift\"", "node = 7"));
    ServicesRemote.git(services, "commit", "-qam", "break wiki");
    String head = localHead();

    Cli.Run r = cli.run("stop", "wiki");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .startsWith(
            "mcp: wiki.toml is invalid, so mcp cannot stop wiki safely; fix it first (mcp service"
                + " edit wiki):\n  wiki.toml:");
    assertThat(localHead()).isEqualTo(head);
  }

  @Test
  void aFileNamingANodeNotInTheConfigIsNotChanged() throws Exception {
    Files.writeString(
        services.resolve("wiki.toml"),
        file("wiki.toml").replace("node = \"rift\"", "node = \"rift0\""));
    ServicesRemote.git(services, "commit", "-qam", "move wiki by hand");
    String head = localHead();

    Cli.Run stop = cli.run("stop", "wiki");
    Cli.Run start = cli.run("start", "wiki");

    assertThat(stop.exit()).as(stop.toString()).isEqualTo(1);
    assertThat(stop.err())
        .startsWith("mcp: wiki.toml is invalid, so mcp cannot stop wiki safely")
        .contains("node: node \"rift0\" is not configured in ")
        .contains("(configured: rift)")
        .contains("mcp node add rift0");
    assertThat(start.exit()).as(start.toString()).isEqualTo(1);
    assertThat(start.err()).contains("node \"rift0\" is not configured");
    assertThat(localHead()).isEqualTo(head);
  }

  @Test
  void aServiceNoNodeRunsSaysItsFileNamesAnUnconfiguredNode() throws Exception {
    configureRiftOnAClosedPort();
    Files.writeString(
        services.resolve("wiki.toml"),
        file("wiki.toml").replace("node = \"rift\"", "node = \"rift0\""));

    Cli.Run r = cli.run("service", "show", "wiki", "--timeout", "2s");

    assertThat(r.exit()).as(r.toString()).isNotZero();
    assertThat(r.err())
        .contains("no node runs a service wiki (asked rift; ")
        .contains(services.resolve("wiki.toml") + " names node rift0, which is not configured in ")
        .contains("(configured: rift))")
        .doesNotContain("services_dir has no");
  }

  @Test
  void withTheAgentDownTheChangeIsPushedWithANoteAndTheWaitStopsEarly() throws Exception {
    int port = configureRiftOnAClosedPort();
    Files.writeString(home.resolve(".config/mcp/token"), "some-token\n");
    cli.afterPush(new net.metacircular.mcp.cli.act.Converge());
    long t0 = System.nanoTime();

    Cli.Run r = cli.run("stop", "metacrypt", "--timeout", "120s");

    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.ERROR);
    // Well before the 120 s it would have waited (a generous margin: a busy machine is slow).
    assertThat(seconds).as(r.toString()).isLessThan(100);
    String shortHash = localHead().substring(0, 7);
    assertThat(remote.remoteSubject()).isEqualTo("mcp: stop metacrypt");
    assertThat(r.err())
        .contains(
            "mcp: note: node rift (127.0.0.1:"
                + port
                + ") is unreachable now; the change goes ahead all the same")
        .contains("mcp: stopped waiting for rift, unreachable for 10s or more")
        .contains(
            "the commit "
                + shortHash
                + " is pushed to origin/main and is applied when the node's agent runs again")
        .doesNotContain("did not converge within");
  }

  @Test
  void aRejectedPushSaysToPullKeepsTheCommitAndForcesNothing() {
    Path other = remote.clone("colleague");
    ServicesRemote.git(other, "commit", "--allow-empty", "-qm", "a colleague's change");
    ServicesRemote.git(other, "push", "-q", "origin", "HEAD:main");
    String theirs = remote.remoteHead();
    boolean[] hooked = {false};
    cli.afterPush(
        (c, o) -> {
          hooked[0] = true;
          return 0;
        });

    Cli.Run r = cli.run("stop", "metacrypt");

    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    String mine = localHead().substring(0, 7);
    assertThat(r.out()).contains("committed " + mine + " mcp: stop metacrypt");
    assertThat(r.err())
        .endsWith(
            "mcp: push rejected: origin/main has commits that your clone does not; your commit "
                + mine
                + " (mcp: stop metacrypt) is kept in "
                + services
                + " and nothing was forced; run git -C "
                + services
                + " pull --rebase, then git -C "
                + services
                + " push\n");
    assertThat(remote.remoteHead()).isEqualTo(theirs);
    assertThat(localSubject()).isEqualTo("mcp: stop metacrypt");
    assertThat(status()).isEmpty();
    assertThat(hooked[0]).isFalse();
  }

  @Test
  void noPushCommitsLocallyOnly() {
    String before = remote.remoteHead();

    Cli.Run r = cli.run("stop", "--no-push", "metacrypt");

    assertThat(r.exit()).isZero();
    assertThat(localSubject()).isEqualTo("mcp: stop metacrypt");
    assertThat(remote.remoteHead()).isEqualTo(before);
    assertThat(r.out()).contains("not pushed (--no-push)");
  }

  @Test
  void jsonReportsTheCommit() {
    Cli.Run r = cli.run("stop", "--json", "metacrypt");

    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .isEqualTo(
            "{\"service\":\"metacrypt\",\"changed\":true,\"commit\":\""
                + localHead()
                + "\",\"subject\":\"mcp: stop metacrypt\",\"pushed\":true,\"upstream\":\"origin/main\"}\n");
  }

  @Test
  void theHooksExitCodeIsTheCommands() {
    cli.afterPush((c, o) -> ExitCodes.NOT_CONVERGED);

    assertThat(cli.run("stop", "metacrypt").exit()).isEqualTo(ExitCodes.NOT_CONVERGED);
  }

  @Test
  void aBranchWithoutUpstreamIsRefusedBeforeAnythingChanges() throws Exception {
    ServicesRemote.git(services, "switch", "-q", "-c", "local-only");
    String text = file("metacrypt.toml");

    Cli.Run r = cli.run("stop", "metacrypt");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("branch local-only in " + services + " has no upstream");
    assertThat(file("metacrypt.toml")).isEqualTo(text);
  }

  @Test
  void aMissingServicesCloneSaysWhereAndHow() throws Exception {
    Files.writeString(home.resolve(".config/mcp/mcp.toml"), "services_dir = \"~/elsewhere\"\n");

    Cli.Run r = cli.run("stop", "metacrypt");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .isEqualTo(
            "mcp: services_dir "
                + home.resolve("elsewhere")
                + " does not exist; clone your services repository there (git clone URL "
                + home.resolve("elsewhere")
                + ") or set services_dir in "
                + home.resolve(".config/mcp/mcp.toml")
                + "\n");
  }

  /** mcp.toml with one node, rift, at a loopback port nothing listens on; returns the port. */
  private int configureRiftOnAClosedPort() throws Exception {
    int port;
    try (var sock = new java.net.ServerSocket(0)) {
      port = sock.getLocalPort();
    }
    Files.writeString(
        home.resolve(".config/mcp/mcp.toml"),
        "[[nodes]]\nname = \"rift\"\naddress = \"127.0.0.1:" + port + "\"\n");
    return port;
  }
}
