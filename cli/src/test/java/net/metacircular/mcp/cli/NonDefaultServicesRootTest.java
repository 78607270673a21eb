package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's walk, end to end: a real agent whose services_root is a temporary directory (not
 * /srv), real podman, a real bare git remote, and an mcp.toml that says nothing of services_root. A
 * volume under the service's data directory whose host directory does not exist yet goes through
 * service edit, stop, start, deploy, push, pull and rollback.
 */
@RequiresPodman
class NonDefaultServicesRootTest {
  private AgentFixture f;
  private Cli cli;

  @BeforeEach
  void setUp(TestPodman t, @TempDir Path root) throws Exception {
    f = new AgentFixture(t, root);
    Files.writeString(
        f.config, Files.readString(f.config).replaceFirst("services_root = \"[^\"]*\"\n", ""));
    cli = f.cli;
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
    f.t.removeAll();
  }

  @Test
  void everyProcedureWorksWithVolumesUnderANonDefaultServicesRoot() throws Exception {
    assertThat(f.servicesRoot.toString()).doesNotStartWith("/srv");
    Path data = f.servicesRoot.resolve(f.a).resolve("data/db");
    assertThat(data).doesNotExist();
    Path editor = f.root.resolve("add-volume.sh");
    Files.writeString(editor, "#!/bin/sh\necho 'volumes = [\"" + data + ":/var/db\"]' >> \"$1\"\n");
    Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwxr-xr-x"));

    Cli.Run edit = cli.env("EDITOR", editor.toString()).run("service", "edit", f.a);
    assertThat(edit.exit()).as(edit.toString()).isZero();
    assertThat(data).isDirectory();
    assertThat(f.container(f.a + "-api").running()).isTrue();
    assertThat(edit.err()).doesNotContain("not checked").doesNotContain("outside");

    Cli.Run validate = cli.run("validate", f.a);
    assertThat(validate.exit()).as(validate.toString()).isZero();
    assertThat(validate.out()).contains("policy: node " + f.node + "'s live policy");

    Cli.Run stop = cli.run("stop", f.a);
    assertThat(stop.exit()).as(stop.toString()).isZero();
    assertThat(f.container(f.a + "-api").running()).isFalse();

    Cli.Run start = cli.run("start", f.a);
    assertThat(start.exit()).as(start.toString()).isZero();
    assertThat(f.container(f.a + "-api").running()).isTrue();

    Cli.Run deploy = cli.run("deploy", f.a, "--force");
    assertThat(deploy.exit()).as(deploy.toString()).isZero();
    assertThat(f.container(f.a + "-api").running()).isTrue();

    Path local = f.root.resolve("app.conf");
    Files.writeString(local, "key = 1\n");
    Cli.Run push = cli.run("push", local.toString(), f.a, "conf/app.conf");
    assertThat(push.exit()).as(push.toString()).isZero();
    Path onNode = f.servicesRoot.resolve(f.a).resolve("conf/app.conf");
    assertThat(push.out()).contains("wrote " + onNode);
    Path copy = f.root.resolve("copy.conf");
    Cli.Run pull = cli.run("pull", f.a, "conf/app.conf", copy.toString());
    assertThat(pull.exit()).as(pull.toString()).isZero();
    assertThat(pull.out()).contains("from " + onNode);
    assertThat(Files.readString(copy)).isEqualTo("key = 1\n");

    // Rollback of the last change (the start) stops it again, through the same checks.
    Cli.Run rollback = cli.run("rollback", f.a);
    assertThat(rollback.exit()).as(rollback.toString()).isZero();
    assertThat(f.container(f.a + "-api").running()).isFalse();
    assertThat(Files.readString(f.services.resolve(f.a + ".toml")))
        .contains("active = false")
        .contains(data + ":/var/db");
  }
}
