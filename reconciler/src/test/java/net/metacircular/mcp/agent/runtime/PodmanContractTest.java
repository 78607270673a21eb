package net.metacircular.mcp.agent.runtime;

import java.time.Instant;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.RuntimeFixture;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.BeforeEach;

/** {@link ContainerRuntimeContract} on real podman: what the in-memory runtime must match. */
@RequiresPodman
class PodmanContractTest extends ContainerRuntimeContract {
  private TestPodman t;

  @BeforeEach
  void setUp(TestPodman podman) {
    this.t = podman;
  }

  @Override
  RuntimeFixture fixture() {
    return t;
  }

  @Override
  void kill(String name) {
    t.byHand("kill", name);
    // podman kill returns once the signal is sent; the container shows "stopped" until podman's
    // cleanup makes it "exited" (seen here under load). The engine's own stop waits for that.
    t.byHand("wait", "--condition", "exited", name);
  }

  @Override
  void exitByItself(String name) {
    // Detached: an attached exec fails when the container's main process ends under it.
    t.byHand("exec", "--detach", name, "kill", "1");
  }

  @Override
  void failByItself(String name) {
    t.byHand("exec", "--detach", name, "kill", "1");
  }

  @Override
  void runDependent(String name, String dependent) {
    t.byHand("run", "-d", "--name", dependent, "--network", "container:" + name, t.image());
  }

  @Override
  void runForeign(String name) {
    t.byHand("run", "-d", "--name", name, t.image());
  }

  @Override
  void breakHealthCheck(String name) {
    t.byHand("exec", name, "touch", "/tmp/sick");
  }

  @Override
  void mendHealthCheck(String name) {
    t.byHand("exec", name, "rm", "/tmp/sick");
  }

  @Override
  Instant now() {
    return Instant.now();
  }
}
