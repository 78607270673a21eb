package net.metacircular.mcp.agent.apply;

import static net.metacircular.mcp.agent.testing.ComponentBuilder.component;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.metacircular.mcp.agent.apply.VolumeDirectories.VolumeException;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.DeployMode;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.ValidationPolicy;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each way a volume's host path cannot be provided is one a person must mend (create the path,
 * replace a symlink or a file), so the failure is permanent: not retried on the short backoff of
 * what may pass by itself. On real directories; podman is not needed before it would run.
 */
class VolumeFailureClassTest {
  @TempDir Path root;
  private Path servicesRoot;
  private Path shared;
  private Path dataDir;

  @BeforeEach
  void setUp() throws Exception {
    servicesRoot = Files.createDirectories(root.resolve("srv"));
    shared = Files.createDirectories(root.resolve("shared"));
    dataDir = servicesRoot.resolve("web");
  }

  private VolumeException refused(Path hostPath) {
    VolumeDirectories volumes =
        new VolumeDirectories(new ValidationPolicy(servicesRoot, List.of(shared)));
    ComponentSpec c = component("app", "localhost/app:1").volume(hostPath + ":/data:rw").build();
    ServiceSpec s = new ServiceSpec("web", "rift", true, DeployMode.AUTO, List.of(c));
    VolumeException e = catchThrowableOfType(VolumeException.class, () -> volumes.prepare(s, c));
    assertThat(e).as("refused: %s", hostPath).isNotNull();
    return e;
  }

  @Test
  void aMissingPathUnderAnAllowedRootIsPermanent() {
    VolumeException e = refused(shared.resolve("models"));
    assertThat(e).hasMessageContaining("create it on the node");
    assertThat(FailurePolicy.permanent(e)).isTrue();
  }

  @Test
  void aMissingServicesRootIsPermanent() throws Exception {
    Files.delete(servicesRoot);
    VolumeException e = refused(dataDir.resolve("db"));
    assertThat(e).hasMessageContaining("services_root");
    assertThat(FailurePolicy.permanent(e)).isTrue();
  }

  @Test
  void aSymlinkOutOfTheDataDirectoryOrToNothingIsPermanent() throws Exception {
    Files.createDirectories(dataDir);
    Path out = Files.createSymbolicLink(dataDir.resolve("out"), shared);
    Path dangling = Files.createSymbolicLink(dataDir.resolve("gone"), root.resolve("nothing"));
    VolumeException outside = refused(out.resolve("db"));
    VolumeException missing = refused(dangling.resolve("db"));
    assertThat(outside).hasMessageContaining("outside the service's data directory");
    assertThat(missing).hasMessageContaining("a symlink to a missing target");
    assertThat(FailurePolicy.permanent(outside)).isTrue();
    assertThat(FailurePolicy.permanent(missing)).isTrue();
  }

  @Test
  void aFileWhereADirectoryMustBeIsPermanent() throws Exception {
    Files.createDirectories(dataDir);
    Files.writeString(dataDir.resolve("data"), "not a directory");
    VolumeException e = refused(dataDir.resolve("data/db"));
    assertThat(e)
        .hasMessageContaining("cannot create the host directory")
        .hasMessageContaining("Not a directory");
    assertThat(FailurePolicy.permanent(e)).isTrue();
  }
}
