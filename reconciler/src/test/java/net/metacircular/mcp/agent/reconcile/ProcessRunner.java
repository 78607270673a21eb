package net.metacircular.mcp.agent.reconcile;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.testing.TestPodman;

/** Runs podman directly, as an operator would by hand, outside the agent's runtime. */
final class ProcessRunner {
  private final TestPodman t;

  ProcessRunner(TestPodman t) {
    this.t = t;
  }

  String run(String... args) {
    List<String> argv = new ArrayList<>(List.of(t.settings().executable()));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().putAll(t.environment());
    try {
      Process p = pb.start();
      String out =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError("podman " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
