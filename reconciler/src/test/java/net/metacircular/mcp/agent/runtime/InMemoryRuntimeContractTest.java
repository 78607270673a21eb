package net.metacircular.mcp.agent.runtime;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.RuntimeFixture;

/** {@link ContainerRuntimeContract} on the in-memory runtime: no podman needed. */
class InMemoryRuntimeContractTest extends ContainerRuntimeContract {
  private final InMemoryRuntime runtime = new InMemoryRuntime();

  @Override
  RuntimeFixture fixture() {
    return runtime;
  }

  @Override
  void kill(String name) {
    runtime.kill(name);
  }

  @Override
  void exitByItself(String name) {
    runtime.crash(name, 0);
  }

  @Override
  void failByItself(String name) {
    runtime.crash(name, 3);
  }

  @Override
  void runDependent(String name, String dependent) {
    runtime.runDependent(name, dependent);
  }

  @Override
  void runForeign(String name) {
    runtime.runOutside(name, Map.of());
  }

  @Override
  void breakHealthCheck(String name) {
    runtime.healthCheckFails(name, Optional.of("db unreachable\n"));
  }

  @Override
  void mendHealthCheck(String name) {
    runtime.healthCheckFails(name, Optional.empty());
  }

  @Override
  Instant now() {
    return runtime.clock().instant();
  }
}
