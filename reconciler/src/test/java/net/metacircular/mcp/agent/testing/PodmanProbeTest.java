package net.metacircular.mcp.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** The probe's and the extension's decisions, without podman. */
class PodmanProbeTest {
  private static final PodmanProbe.Result MISSING = PodmanProbe.Result.failed("podman is gone");

  @Test
  void withoutPodmanOnPathTheProblemSaysSo(@TempDir Path repo) throws Exception {
    Files.writeString(repo.resolve("mvnw"), "");

    PodmanProbe.Result result = new PodmanProbe(Map.of("PATH", repo.toString()), repo).run();

    assertThat(result.settings()).isEmpty();
    assertThat(result.problem()).contains("podman is not on PATH").contains("install podman");
  }

  @Test
  void containersConfIsTheEnvironmentsElseTheRepositorysFile(@TempDir Path repo) {
    assertThat(new PodmanProbe(Map.of(), repo).containersConf(repo))
        .isEqualTo(repo.resolve("dev/podman/containers.conf"));
    assertThat(new PodmanProbe(Map.of("CONTAINERS_CONF", "/etc/x.conf"), repo).containersConf(repo))
        .isEqualTo(Path.of("/etc/x.conf"));
  }

  @Test
  void theRepositoryRootIsFoundFromASubfolder(@TempDir Path repo) throws Exception {
    Files.writeString(repo.resolve("mvnw"), "");
    Path deep = Files.createDirectories(repo.resolve("reconciler/target"));

    assertThat(RepoRoot.findFrom(deep)).contains(repo.toAbsolutePath().normalize());
  }

  @Test
  void aFailedProbeSkipsUnlessPodmanIsRequired() {
    assertThatThrownBy(() -> PodmanExtension.settingsOrStop(MISSING, Map.of()))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("podman is gone");
    assertThatThrownBy(
            () -> PodmanExtension.settingsOrStop(MISSING, Map.of("MCP_REQUIRE_PODMAN", "1")))
        .isInstanceOf(AssertionError.class)
        .isNotInstanceOf(TestAbortedException.class)
        .hasMessageContaining("podman is gone")
        .hasMessageContaining("MCP_REQUIRE_PODMAN=1, so this fails");
  }
}
