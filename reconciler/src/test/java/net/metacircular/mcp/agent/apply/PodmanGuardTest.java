package net.metacircular.mcp.agent.apply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import net.metacircular.mcp.agent.apply.PodmanGuard.PodmanBackoffException;
import net.metacircular.mcp.agent.runtime.Podman;
import net.metacircular.mcp.agent.runtime.PodmanException;
import net.metacircular.mcp.agent.runtime.PodmanTimeoutException;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The retry and breaker policy against a podman that hangs: a shim in front of the real podman that
 * sleeps past the timeout (the fault real podman cannot produce on demand), counting calls.
 */
@RequiresPodman
class PodmanGuardTest {

  private static Path shim(Path dir, String realPodman, String behaviour) throws Exception {
    Path calls = dir.resolve("calls");
    Path shim = dir.resolve("podman");
    Files.writeString(
        shim,
        "#!/bin/sh\necho \"$*\" >> "
            + calls
            + "\n"
            + behaviour
            + "\nexec "
            + realPodman
            + " \"$@\"\n");
    Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    return shim;
  }

  private static long calls(Path dir) throws Exception {
    Path calls = dir.resolve("calls");
    return Files.exists(calls) ? Files.readAllLines(calls).size() : 0;
  }

  @Test
  void aHangingPodmanIsRetriedThenNotHammered(TestPodman t, @TempDir Path dir) throws Exception {
    Path shim = shim(dir, t.settings().executable(), "sleep 5");
    Podman hanging =
        new Podman(
            t.settings().withExecutable(shim.toString()).withTimeout(Duration.ofMillis(200)));
    PodmanGuard guard =
        new PodmanGuard(new PodmanGuard.Policy(2, Duration.ofMillis(10), 2, Duration.ofMinutes(1)));

    assertThatThrownBy(() -> guard.call(hanging::ps)).isInstanceOf(PodmanTimeoutException.class);
    assertThat(calls(dir)).isEqualTo(2); // first try and one retry
    assertThatThrownBy(() -> guard.call(hanging::ps)).isInstanceOf(PodmanTimeoutException.class);
    assertThat(guard.open()).isTrue();

    long before = calls(dir);
    assertThatThrownBy(() -> guard.call(hanging::ps))
        .isInstanceOf(PodmanBackoffException.class)
        .hasMessageStartingWith("podman has been failing; not calling it again for up to");
    assertThat(calls(dir)).isEqualTo(before);
  }

  @Test
  void anErrorPodmanAnsweredIsNotRetried(TestPodman t, @TempDir Path dir) throws Exception {
    Path shim = shim(dir, t.settings().executable(), "");
    Podman podman = new Podman(t.settings().withExecutable(shim.toString()));
    PodmanGuard guard = new PodmanGuard(PodmanGuard.Policy.DEFAULT);

    assertThatThrownBy(() -> guard.run(() -> podman.start(t.name("missing"))))
        .isInstanceOf(PodmanException.class)
        .isNotInstanceOf(PodmanTimeoutException.class);
    assertThat(calls(dir)).isEqualTo(1);
    assertThat(guard.open()).isFalse();
  }
}
