package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** The services clone is never left half-changed. */
class SafetyTest extends GitCase {

  private void script(Path file, String body) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void aRefusedCommitPutsTheFileBack() throws Exception {
    String original = file("metacrypt.toml");
    String head = localHead();
    script(services.resolve(".git/hooks/pre-commit"), "echo 'no commits today' >&2; exit 1");

    Cli.Run r = cli.run("stop", "metacrypt");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .endsWith(
            "mcp: git commit failed, so nothing was committed and metacrypt.toml is as it was:"
                + " no commits today\n");
    assertThat(file("metacrypt.toml")).isEqualTo(original);
    assertThat(localHead()).isEqualTo(head);
    assertThat(status()).isEmpty();
  }

  @Test
  void otherStagedChangesAreNeitherCommittedNorLost() throws Exception {
    Files.writeString(services.resolve("wiki.toml"), file("wiki.toml") + "# staged\n");
    ServicesRemote.git(services, "add", "wiki.toml");

    Cli.Run r = cli.run("stop", "metacrypt");

    assertThat(r.exit()).as(r.toString()).isZero();
    assertThat(ServicesRemote.git(services, "show", "--name-only", "--format=", "HEAD").strip())
        .isEqualTo("metacrypt.toml");
    assertThat(status()).isEqualTo("M  wiki.toml\n");
  }

  @Test
  void aFileChangedDuringTheEditIsNotOverwritten() throws Exception {
    Path editor = tmp.resolve("editor.sh");
    Path live = services.resolve("metacrypt.toml");
    script(editor, "sed -i 's/v1.4.2/v1.4.3/' \"$1\"\necho '# someone else' >> '" + live + "'");
    cli.env("EDITOR", editor.toString());
    Path tmpdir = Files.createDirectory(tmp.resolve("tmpdir"));
    cli.env("TMPDIR", tmpdir.toString());
    String head = localHead();

    Cli.Run r = cli.run("service", "edit", "metacrypt");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err())
        .contains(
            "mcp: "
                + live
                + " changed while you were editing, so nothing was committed;"
                + " your version is at ");
    Path kept = Path.of(r.err().substring(r.err().lastIndexOf(' ') + 1).strip());
    assertThat(kept).as("kept in TMPDIR, as mktemp would").startsWith(tmpdir);
    assertThat(Files.readString(kept)).contains("v1.4.3");
    assertThat(file("metacrypt.toml")).endsWith("# someone else\n");
    assertThat(localHead()).isEqualTo(head);
  }

  @Test
  void aDetachedHeadIsRefused() {
    ServicesRemote.git(services, "checkout", "-q", "--detach");

    Cli.Run r = cli.run("stop", "metacrypt");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("is not on a branch (detached HEAD)");
  }

  @Test
  void aServiceNameCannotLeaveTheClone() {
    Cli.Run r = cli.run("stop", "../mcp");

    assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("mcp: \"../mcp\" is not a service name");
  }
}
