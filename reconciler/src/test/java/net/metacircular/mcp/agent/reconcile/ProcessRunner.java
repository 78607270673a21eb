package net.metacircular.mcp.agent.reconcile;

import net.metacircular.mcp.agent.testing.TestPodman;

/** Runs podman directly, as an operator would by hand, outside the agent's runtime. */
final class ProcessRunner {
  private final TestPodman t;

  ProcessRunner(TestPodman t) {
    this.t = t;
  }

  String run(String... args) {
    return t.byHand(args);
  }
}
