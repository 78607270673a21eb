package net.metacircular.mcp.agent.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import net.metacircular.mcp.agent.plan.PlanOptions;
import net.metacircular.mcp.agent.testing.InMemoryRuntime;
import net.metacircular.mcp.agent.testing.TestRegistry;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An {@link AgentHarness} of its own for each test, on a new in-memory runtime, in a temporary
 * folder, with the default plan options: made with the test's instance, closed and deleted after
 * the test. The reconciler tests on the in-memory runtime register it as a field and take the
 * runtime and harness from it in their field initialisers:
 *
 * <pre>
 * &#64;RegisterExtension final InMemoryHarness fixture = new InMemoryHarness();
 * private final InMemoryRuntime runtime = fixture.runtime();
 * private final AgentHarness agent = fixture.agent();
 * </pre>
 */
final class InMemoryHarness implements AfterEachCallback {
  private final InMemoryRuntime runtime = new InMemoryRuntime();
  private final Path root;
  private final AgentHarness agent;

  InMemoryHarness() {
    try {
      root = Files.createTempDirectory("mcp-harness-test");
      agent = new AgentHarness(runtime, root, PlanOptions.DEFAULTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  InMemoryRuntime runtime() {
    return runtime;
  }

  AgentHarness agent() {
    return agent;
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    try {
      agent.close();
    } finally {
      TestRegistry.deleteTree(root);
    }
  }
}
