package net.metacircular.mcp.agent.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

class ExecutablesExtensionTest {
  @Test
  void missingProgramsSkipUnlessTheEnvironmentIsRequired() {
    assertThatThrownBy(() -> ExecutablesExtension.missingOrStop(List.of("nginx"), "/bin", Map.of()))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("needs nginx");
    assertThatThrownBy(
            () ->
                ExecutablesExtension.missingOrStop(
                    List.of("nginx"), "/bin", Map.of("MCP_REQUIRE_PODMAN", "1")))
        .isInstanceOf(AssertionError.class)
        .isNotInstanceOf(TestAbortedException.class)
        .hasMessageContaining("needs nginx")
        .hasMessageContaining("MCP_REQUIRE_PODMAN=1");
    assertThatCode(
            () ->
                ExecutablesExtension.missingOrStop(
                    List.of(), "/bin", Map.of("MCP_REQUIRE_PODMAN", "1")))
        .doesNotThrowAnyException();
  }

  @Test
  void programsAreFoundOnPath(@TempDir Path dir) throws Exception {
    Path tool = Files.writeString(dir.resolve("mytool"), "#!/bin/sh\n");
    tool.toFile().setExecutable(true);

    Executables executables = new Executables(Map.of("PATH", dir.toString()));

    assertThat(executables.find("mytool")).contains(tool);
    assertThat(executables.find("no-such-tool-here")).isEmpty();
  }
}
