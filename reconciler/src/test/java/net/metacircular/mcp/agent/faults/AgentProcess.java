package net.metacircular.mcp.agent.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.AgentCommand;

/**
 * The real agent ({@code mcp-agent --config f}) as a separate JVM on the test's classpath, with its
 * output in a log file: a process that can be killed with SIGKILL.
 */
final class AgentProcess implements AutoCloseable {
  private final Process process;
  private final Path log;

  private AgentProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static AgentProcess start(Path config, Map<String, String> environment, Path log)
      throws IOException {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add(AgentCommand.class.getName());
    argv.add("--config");
    argv.add(config.toString());
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().putAll(environment);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new AgentProcess(pb.start(), log);
  }

  boolean alive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no close, no flush. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** SIGTERM, as systemd stops it; waits for the exit. */
  int stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    return process.exitValue();
  }

  String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
