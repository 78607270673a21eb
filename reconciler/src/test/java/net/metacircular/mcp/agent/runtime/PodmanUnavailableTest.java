package net.metacircular.mcp.agent.runtime;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Needs no podman: the executable is missing on purpose. */
class PodmanUnavailableTest {
  @Test
  void aMissingExecutableSaysWhichAndWhatToDo() {
    Podman podman =
        new Podman(PodmanSettings.defaults(Map.of()).withExecutable("/nonexistent/podman"));

    assertThatThrownBy(podman::ps)
        .isInstanceOf(PodmanUnavailableException.class)
        .hasMessageContaining("cannot run podman executable '/nonexistent/podman'")
        .hasMessageContaining("install podman or configure its path")
        .hasMessageContaining("No such file or directory");
  }
}
