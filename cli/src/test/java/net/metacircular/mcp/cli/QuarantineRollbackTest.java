package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import net.metacircular.mcp.agent.api.FakeStatusAgent;
import net.metacircular.mcp.agent.api.TestCerts;
import org.junit.jupiter.api.Test;

/**
 * {@code mcp rollback SERVICE} when the service's agent rolled a commit back after its soak failed
 * and quarantined it: the rollback undoes that commit's change to the file in git (not the last
 * change, which came after), keeping the later change. The agent's answer comes from a fake that
 * answers as DESIGN.md's rollout says; the git side is real.
 */
class QuarantineRollbackTest extends GitCase {

  private Path editor(String body) throws Exception {
    Path script = tmp.resolve("editor-" + System.nanoTime() + ".sh");
    Files.writeString(script, "#!/bin/sh\nset -e\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  @Test
  void theQuarantinedCommitsChangeIsRevertedAndALaterChangeKept() throws Exception {
    String original = file("metacrypt.toml");
    cli.env("EDITOR", editor("sed -i 's/metacrypt:v1.4.2/metacrypt:v1.5.0/' \"$1\"").toString());
    assertThat(cli.run("service", "edit", "metacrypt").exit()).isZero();
    String failed = localHead();
    cli.env("EDITOR", editor("echo '# on call: alice' >> \"$1\"").toString());
    assertThat(cli.run("service", "edit", "metacrypt").exit()).isZero();
    String running = localHead();

    TestCerts certs = new TestCerts();
    Path ca = tmp.resolve("ca.pem");
    certs.writeCa(ca);
    String status =
        "{\"node\":\"rift\",\"at\":\"2026-12-03T14:30:00Z\",\"services\":[{\"name\":\"metacrypt\","
            + "\"active\":true,\"deploy\":\"manual\",\"components\":[],\"rollout\":{\"phase\":"
            + "\"rolled_back\",\"commit\":\""
            + running
            + "\",\"reason\":\"metacrypt-api exited (exit code 1)\",\"failed_commit\":\""
            + failed
            + "\"}}],\"events\":[]}";
    try (FakeStatusAgent agent = new FakeStatusAgent(certs, tmp, status)) {
      Files.writeString(home.resolve(".config/mcp/token"), "a-token-0123456789\n");
      Files.writeString(
          home.resolve(".config/mcp/mcp.toml"),
          "ca_cert = \""
              + ca
              + "\"\n\n[[nodes]]\nname = \"rift\"\naddress = \""
              + agent.address()
              + "\"\n");

      Cli.Run r = cli.run("rollback", "metacrypt");

      assertThat(r.exit()).as(r.toString()).isZero();
      String shortFailed = failed.substring(0, 7);
      assertThat(r.out())
          .contains(
              "reverting "
                  + shortFailed
                  + ", which the agent rolled back and quarantined: metacrypt-api exited (exit"
                  + " code 1)")
          .contains("pushed ");
      assertThat(file("metacrypt.toml")).isEqualTo(original + "# on call: alice\n");
      assertThat(remote.remoteFile("metacrypt.toml")).isEqualTo(original + "# on call: alice\n");
      assertThat(remote.remoteSubject())
          .isEqualTo("mcp: rollback metacrypt: revert quarantined " + shortFailed);

      // Reverted already: nothing more to do while the agent still names it.
      Cli.Run again = cli.run("rollback", "metacrypt");
      assertThat(again.exit()).as(again.toString()).isZero();
      assertThat(again.out())
          .contains("no longer has the change of the quarantined " + shortFailed);
    }
  }
}
