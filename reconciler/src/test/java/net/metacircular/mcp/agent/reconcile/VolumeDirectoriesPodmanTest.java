package net.metacircular.mcp.agent.reconcile;

import static net.metacircular.mcp.agent.reconcile.AgentHarness.component;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import net.metacircular.mcp.agent.apply.Outcome;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Volumes whose host directory does not exist, on real podman (which refuses a missing host path
 * with exit 125): under the service's data directory the agent creates it; elsewhere, or through a
 * symlink out of the data directory, the deploy is refused before podman runs.
 */
@RequiresPodman
class VolumeDirectoriesPodmanTest {
  private AgentHarness agent;
  private String svc;
  private Path root;

  @BeforeEach
  void setUp(TestPodman t, @TempDir Path root) throws Exception {
    this.root = root;
    agent = new AgentHarness(t, root, PlanOptions.DEFAULTS);
    svc = t.service("vol");
  }

  @AfterEach
  void tearDown() {
    agent.close();
  }

  private void writeVolume(String hostPath) throws Exception {
    agent.write(
        svc,
        agent.service(
            svc, component("api", agent.t.image(), "volumes = [\"" + hostPath + ":/data:rw\"]")));
  }

  @Test
  void aMissingDirectoryUnderTheDataDirectoryIsCreatedBeforeTheContainerAndSaidSo()
      throws Exception {
    Path dataDir = agent.servicesRoot.resolve(svc);
    Path db = dataDir.resolve("data/db");
    writeVolume(db.toString());

    CycleResult result = agent.reconcile();

    assertThat(result.failed()).as("%s", result.outcomes()).isFalse();
    assertThat(agent.container(svc + "-api").running()).isTrue();
    for (Path dir : new Path[] {dataDir, dataDir.resolve("data"), db}) {
      assertThat(dir).isDirectory();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
          .isEqualTo("rwxr-xr-x");
    }
    assertThat(agent.events())
        .startsWith(
            "created: created the directories "
                + dataDir
                + ", "
                + dataDir.resolve("data")
                + ", "
                + db
                + " for the volumes of "
                + svc
                + "-api (mode 0755, owner "
                + System.getProperty("user.name")
                + "): podman does not create a missing host path");
    // The container writes through the mount into the directory the agent made.
    new ProcessRunner(agent.t).run("exec", svc + "-api", "sh", "-c", "echo hi > /data/probe");
    assertThat(db.resolve("probe")).hasContent("hi");

    // Once there, nothing more is created or said.
    int events = agent.events().size();
    assertThat(agent.reconcile().outcomes()).isEmpty();
    assertThat(agent.events()).hasSize(events);
  }

  @Test
  void aMissingPathUnderAnAllowedRootIsRefusedBeforePodmanRuns() throws Exception {
    Path shared = Files.createDirectories(root.resolve("shared"));
    agent.allowVolumeRoots(shared);
    Path missing = shared.resolve("models");
    writeVolume(missing.toString());

    CycleResult result = agent.reconcile();

    assertThat(result.failed()).isTrue();
    Outcome failed = result.outcomes().get(0);
    String why =
        "failed to create "
            + svc
            + "-api: "
            + svc
            + ".toml: components[0].volumes[0]: the host path "
            + missing
            + " does not exist, and podman refuses a missing host path; the agent creates"
            + " directories only under the service's data directory "
            + agent.servicesRoot.resolve(svc)
            + "/: create it on the node (mkdir -p "
            + missing
            + ") or keep the volume under "
            + agent.servicesRoot.resolve(svc)
            + "/";
    assertThat(failed.message()).isEqualTo(why);
    assertThat(agent.events()).containsExactly("failed: " + why);
    assertThat(agent.exists(svc + "-api")).isFalse();
    assertThat(missing).doesNotExist();
  }

  /** Refused before anything is touched: the running container of the last spec stays. */
  @Test
  void aRecreateWithAMissingPathUnderAnAllowedRootLeavesTheOldContainerRunning() throws Exception {
    Path shared = Files.createDirectories(root.resolve("shared"));
    agent.allowVolumeRoots(shared);
    writeVolume(agent.servicesRoot.resolve(svc).resolve("data").toString());
    agent.reconcile();
    String id = agent.container(svc + "-api").id();

    writeVolume(shared.resolve("models").toString());
    CycleResult result = agent.reconcile();

    assertThat(result.outcomes().get(0).message())
        .startsWith("failed to recreate " + svc + "-api: " + svc + ".toml: components[0]")
        .contains("the host path " + shared.resolve("models") + " does not exist");
    assertThat(agent.container(svc + "-api").id()).isEqualTo(id);
    assertThat(agent.container(svc + "-api").running()).isTrue();
  }

  @Test
  void aSymlinkOutOfTheDataDirectoryIsRefusedAndNothingIsCreatedThrough() throws Exception {
    Path dataDir = Files.createDirectories(agent.servicesRoot.resolve(svc));
    Path elsewhere = Files.createDirectories(root.resolve("elsewhere"));
    Path link = Files.createSymbolicLink(dataDir.resolve("data"), elsewhere);
    writeVolume(link.resolve("db").toString());

    CycleResult result = agent.reconcile();

    assertThat(result.failed()).isTrue();
    assertThat(result.outcomes().get(0).message())
        .isEqualTo(
            "failed to create "
                + svc
                + "-api: "
                + svc
                + ".toml: components[0].volumes[0]: the host path "
                + link.resolve("db")
                + " goes through "
                + link
                + ", a symlink to "
                + elsewhere.toRealPath()
                + ", outside the service's data directory "
                + dataDir
                + "/; refused: replace the symlink with a directory, or mount "
                + elsewhere.toRealPath()
                + " by its own path under an allowed root");
    assertThat(agent.exists(svc + "-api")).isFalse();
    assertThat(elsewhere.resolve("db")).doesNotExist();
    assertThat(link).isSymbolicLink();
    assertThat(Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)).isFalse();
  }
}
