package net.metacircular.mcp.agent.faults;

import java.nio.file.Path;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.RequiresExecutables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HugeCommitScenario} on the in-memory runtime, in the fast tier: the agent's plan, actions,
 * registry, events, status answers and heap with 500 services from one commit, exactly as on podman
 * ({@link HugeCommitTest}), in seconds. The runtime takes no time, so the one assertion left out is
 * the status answered while a sync still runs.
 */
@RequiresExecutables("git")
class HugeCommitInMemoryTest {
  @Test
  void fiveHundredServicesInOneCommitConvergeChangeTenAndArePrunedAlone(@TempDir Path root)
      throws Exception {
    InMemoryRuntime runtime = new InMemoryRuntime();
    long heapBefore = HugeCommitScenario.retainedHeap();
    try (GitApiAgent a = new GitApiAgent(runtime, root, "")) {
      HugeCommitScenario.run(runtime, runtime::runOutside, a, heapBefore, false);
    }
  }
}
