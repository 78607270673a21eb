package net.metacircular.mcp.cli;

import java.nio.file.Path;
import net.metacircular.mcp.agent.testing.TestPodman;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test class with an {@link AgentFixture} of its own for each test (the remote, the clone, the
 * agent after its first sync), closed after the test with the test's containers removed. The
 * subclass carries {@code @RequiresPodman}, which gives the {@link TestPodman}; a subclass's own
 * {@code @BeforeEach} runs after this one's, with {@link #f} made.
 */
abstract class WithAgentFixture {
  /** This test's workstation, git remote and agent. */
  AgentFixture f;

  /** The fixture's in-process CLI ({@code f.cli}). */
  Cli cli;

  @BeforeEach
  void makeAgentFixture(TestPodman t, @TempDir Path root) throws Exception {
    f = new AgentFixture(t, root);
    cli = f.cli;
  }

  @AfterEach
  void closeAgentFixture() throws Exception {
    f.close();
    f.t.removeAll();
  }
}
