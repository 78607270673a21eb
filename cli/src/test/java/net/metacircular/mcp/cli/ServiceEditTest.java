package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

class ServiceEditTest extends GitCase {

  /** A fake $EDITOR: a shell script run with the file as $1. */
  private Path editor(String body) throws Exception {
    Path script = tmp.resolve("editor-" + System.nanoTime() + ".sh");
    Files.writeString(script, "#!/bin/sh\nset -e\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }

  @Test
  void aValidEditIsCommittedAndPushed() throws Exception {
    String original = file("metacrypt.toml");
    cli.env(
        "EDITOR",
        editor("sed -i 's/metacrypt-web:v1.4.2/metacrypt-web:v1.4.3/' \"$1\"").toString());

    Cli.Run r = cli.run("service", "edit", "metacrypt");

    assertThat(r.exit()).as(r.toString()).isZero();
    String edited = original.replace("metacrypt-web:v1.4.2", "metacrypt-web:v1.4.3");
    assertThat(file("metacrypt.toml")).isEqualTo(edited);
    assertThat(remote.remoteFile("metacrypt.toml")).isEqualTo(edited);
    assertThat(remote.remoteSubject()).isEqualTo("mcp: edit metacrypt");
    assertThat(r.out()).contains("committed ").contains("pushed ");
  }

  @Test
  void visualWinsOverEditor() throws Exception {
    cli.env("EDITOR", editor("exit 3").toString());
    cli.env("VISUAL", editor("echo '# touched' >> \"$1\"").toString());

    Cli.Run r = cli.run("service", "edit", "wiki");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(file("wiki.toml")).endsWith("# touched\n");
  }

  @Test
  void anInvalidEditIsNeverCommittedAndAbortLeavesTheFile() throws Exception {
    String original = file("metacrypt.toml");
    String head = localHead();
    cli.env("EDITOR", editor("sed -i 's/^node = .*/node = 7/' \"$1\"").toString()).stdin("n\n");

    Cli.Run r = cli.run("service", "edit", "metacrypt");

    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "metacrypt.toml is invalid:\n  metacrypt.toml:3:1: node: expected a string; got integer 7\n")
        .contains("Reopen the editor to fix it? [Y/n] ")
        .endsWith(
            "mcp: aborted: "
                + services.resolve("metacrypt.toml")
                + " is unchanged and nothing was committed\n");
    assertThat(file("metacrypt.toml")).isEqualTo(original);
    assertThat(localHead()).isEqualTo(head);
    assertThat(remote.remoteHead()).isEqualTo(head);
    assertThat(status()).isEmpty();
  }

  @Test
  void endOfInputAtThePromptAborts() throws Exception {
    String head = localHead();
    cli.env("EDITOR", editor("echo 'bogus = 1' >> \"$1\"").toString()).stdin("");

    Cli.Run r = cli.run("service", "edit", "metacrypt");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("bogus").contains("mcp: aborted");
    assertThat(localHead()).isEqualTo(head);
  }

  @Test
  void reopeningLetsTheOperatorFixTheirMistake() throws Exception {
    Path counter = tmp.resolve("count");
    String script =
        "n=$(cat '"
            + counter
            + "' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '"
            + counter
            + "'\n"
            + "if [ $n = 1 ]; then sed -i 's/^node = .*/node = 7/' \"$1\";\n"
            + "else sed -i 's/^node = .*/node = \"rift\"/; s/v1.4.2/v1.4.3/g' \"$1\"; fi";
    cli.env("EDITOR", editor(script).toString()).stdin("\n");

    Cli.Run r = cli.run("service", "edit", "metacrypt");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(Files.readString(counter).strip()).isEqualTo("2");
    assertThat(file("metacrypt.toml")).contains("v1.4.3").doesNotContain("v1.4.2");
    assertThat(remote.remoteSubject()).isEqualTo("mcp: edit metacrypt");
  }

  @Test
  void noChangeCommitsNothing() throws Exception {
    String head = localHead();
    cli.env("EDITOR", editor("true").toString());

    Cli.Run r = cli.run("service", "edit", "metacrypt");

    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("no changes to metacrypt.toml; nothing committed\n");
    assertThat(localHead()).isEqualTo(head);
  }

  @Test
  void anEditorThatFailsChangesNothing() throws Exception {
    String original = file("metacrypt.toml");
    cli.env("EDITOR", editor("echo x >> \"$1\"; exit 4").toString());

    Cli.Run r = cli.run("service", "edit", "metacrypt");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("exited with status 4, so nothing was changed");
    assertThat(file("metacrypt.toml")).isEqualTo(original);
  }

  @Test
  void aFixedInvalidFileCanBeCommittedByEdit() throws Exception {
    Files.writeString(
        services.resolve("wiki.toml"), file("wiki.toml").replace("node = \"rift\"", "node = 7"));
    ServicesRemote.git(services, "commit", "-qam", "break wiki");
    cli.env("EDITOR", editor("sed -i 's/^node = .*/node = \"rift\"/' \"$1\"").toString());

    Cli.Run r = cli.run("service", "edit", "wiki");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(remote.remoteFile("wiki.toml")).contains("node = \"rift\"");
  }

  @Test
  void aNodeNotInTheConfigIsInvalidAndNothingIsCommitted() throws Exception {
    String original = file("wiki.toml");
    String head = localHead();
    cli.env("EDITOR", editor("sed -i 's/^node = .*/node = \"rift0\"/' \"$1\"").toString())
        .stdin("n\n");

    Cli.Run r = cli.run("service", "edit", "wiki");

    assertThat(r.exit()).as(r.toString()).isEqualTo(1);
    assertThat(r.err())
        .contains("wiki.toml is invalid:\n  wiki.toml:")
        .contains(
            "node: node \"rift0\" is not configured in "
                + home.resolve(".config/mcp/mcp.toml")
                + " (configured: rift); if it is a new node, add it first with mcp node add"
                + " rift0 ADDRESS")
        .contains("Reopen the editor to fix it? [Y/n] ")
        .contains("mcp: aborted");
    assertThat(file("wiki.toml")).isEqualTo(original);
    assertThat(localHead()).isEqualTo(head);
    assertThat(remote.remoteHead()).isEqualTo(head);
  }

  @Test
  void movingAServiceToAnotherConfiguredNodeIsCommitted() throws Exception {
    Files.writeString(
        home.resolve(".config/mcp/mcp.toml"),
        """
        [[nodes]]
        name = "rift"
        address = "rift.example.net:9443"

        [[nodes]]
        name = "mcp-demo"
        address = "demo.example.net:9443"
        """);
    cli.env("EDITOR", editor("sed -i 's/^node = .*/node = \"mcp-demo\"/' \"$1\"").toString());

    Cli.Run r = cli.run("service", "edit", "wiki");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(remote.remoteFile("wiki.toml")).contains("node = \"mcp-demo\"");
  }
}
