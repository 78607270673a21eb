package net.metacircular.mcp.agent.faults;

import java.nio.file.Path;
import net.metacircular.mcp.agent.testing.RequiresExecutables;
import net.metacircular.mcp.agent.testing.RequiresPodman;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HugeCommitScenario} on real podman: 500 podman runs (and as many removals) take minutes on
 * a small machine (tagged {@code stress}: {@code scripts/test --quick} leaves it out, {@code
 * .ci/run} runs it). What only podman shows here: 500 containers made, listed ({@code podman ps} of
 * all of them at each status) and removed through the agent, and the API answering while that takes
 * its minutes. The agent's logic at that scale runs in the fast tier too: {@link
 * HugeCommitInMemoryTest}.
 */
@Tag("stress")
@RequiresPodman
@RequiresExecutables("git")
class HugeCommitTest {
  @Test
  void fiveHundredServicesInOneCommitConvergeChangeTenAndArePrunedAlone(
      TestPodman t, @TempDir Path root) throws Exception {
    long heapBefore = HugeCommitScenario.retainedHeap();
    try (GitApiAgent a = new GitApiAgent(t, root, "")) {
      HugeCommitScenario.run(t, t::runOutside, a, heapBefore, true);
    }
  }
}
