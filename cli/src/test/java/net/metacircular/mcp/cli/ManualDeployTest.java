package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbook's "deploy just the web part" of a {@code deploy = "manual"} service shaped like
 * metacrypt (api, and web depending on it): an edit of web's image, then {@code mcp diff} and
 * {@code mcp deploy SERVICE/web}, never restarts the api (a restarted metacrypt api comes back
 * sealed). Real agent, git and podman.
 */
@RequiresPodman
class ManualDeployTest {
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

  private Path editor(String script) throws Exception {
    Path editor = f.root.resolve("editor-" + System.nanoTime() + ".sh");
    Files.writeString(editor, "#!/bin/sh\n" + script + "\n");
    Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwx------"));
    return editor;
  }

  @Test
  void anEditOfWebsImageThenDeployOfWebLeavesTheApiContainerAsItWas() throws Exception {
    Cli.Run manual =
        f.cli
            .env(
                "EDITOR",
                editor("sed -i 's/^node = .*/&\\ndeploy = \"manual\"/' \"$1\"").toString())
            .run("service", "edit", f.b);
    assertThat(manual.exit()).as(manual.toString()).isZero();
    ObservedContainer api = f.container(f.b + "-api");
    ObservedContainer web = f.container(f.b + "-web");
    String newImage = f.t.image(f.t.prefix() + "-web2");

    // The safe edit: web's image line only (sed's range starts at web's name).
    Cli.Run edit =
        f.cli
            .env(
                "EDITOR",
                editor(
                        "sed -i '/^name = \"web\"/,$ s|^image = .*|image = \""
                            + newImage
                            + "\"|' \"$1\"")
                    .toString())
            .run("service", "edit", f.b);
    assertThat(edit.exit()).as(edit.toString()).isZero();
    assertThat(f.container(f.b + "-web").id())
        .as("manual: the edit alone deploys nothing")
        .isEqualTo(web.id());

    Cli.Run diff = f.cli.run("diff", f.b);
    assertThat(diff.exit()).as(diff.toString()).isZero();
    assertThat(diff.out())
        .contains("local: no commits to push")
        .contains("OUT OF SYNC")
        .contains(newImage)
        .doesNotContain(" api ");
    assertThat(diff.out().lines().filter(l -> l.contains("OUT OF SYNC")).toList())
        .singleElement()
        .asString()
        .contains(" web ");

    Cli.Run deploy = f.cli.run("deploy", f.b + "/web");

    assertThat(deploy.exit()).as(deploy.toString()).isZero();
    assertThat(deploy.out())
        .contains(f.b + "-web")
        .contains("recreate")
        .doesNotContain(f.b + "-api");
    ObservedContainer api2 = f.container(f.b + "-api");
    ObservedContainer web2 = f.container(f.b + "-web");
    assertThat(api2.id()).isEqualTo(api.id());
    assertThat(api2.startedAt()).isEqualTo(api.startedAt());
    assertThat(api2.running()).isTrue();
    assertThat(web2.id()).isNotEqualTo(web.id());
    assertThat(web2.image()).isEqualTo(newImage);
    Cli.Run check = f.cli.run("status", f.b, "--check");
    assertThat(check.exit()).as(check.toString()).isZero();
    assertThat(f.cli.run("diff", f.b).out())
        .contains("agents: everything applied (origin/main at ")
        .contains("), no drift");
  }
}
