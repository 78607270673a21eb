package net.metacircular.mcp.agent.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;

/**
 * Runs one podman child process: an argument vector, never a shell string, with the configured
 * executable and environment, under a timeout. Reports what happened; deciding whether an exit code
 * is a failure is the caller's business, because for some calls (image exists, healthcheck run) a
 * non-zero exit is an answer.
 */
final class PodmanProcess {
  /** Failed calls' whole command lines: too long for the messages, needed when debugging. */
  private static final Logger LOG = LoggerFactory.getLogger(PodmanProcess.class);

  /** What one podman call printed and how it ended. */
  record Outcome(List<String> argv, int exitCode, String stdout, String stderr) {
    boolean succeeded() {
      return exitCode == 0;
    }

    /**
     * Fails with podman's exit code and stderr unless podman exited 0; with stderr merged into
     * stdout (logs), podman's error is at the end of stdout.
     */
    Outcome orThrow() {
      if (!succeeded()) {
        PodmanException e =
            new PodmanException(argv, exitCode, stderr.isEmpty() ? lastLines(stdout) : stderr);
        LOG.debug("{}; the command was: {}", e.getMessage(), String.join(" ", argv));
        throw e;
      }
      return this;
    }

    private static String lastLines(String text) {
      List<String> lines = text.strip().lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
    }
  }

  private final PodmanSettings settings;

  PodmanProcess(PodmanSettings settings) {
    this.settings = settings;
  }

  /** Runs podman with the default timeout, stdout and stderr kept apart. */
  Outcome call(List<String> args) {
    return call(args, settings.timeout(), false);
  }

  /**
   * Runs podman.
   *
   * @param args podman's arguments, without the executable
   * @param timeout after this the process is killed and {@link PodmanTimeoutException} thrown
   * @param mergeStderr true to interleave stderr into stdout as podman writes them (for logs)
   */
  Outcome call(List<String> args, Duration timeout, boolean mergeStderr) {
    return call(args, timeout, mergeStderr, null);
  }

  /**
   * Runs podman with {@code stdin} as its standard input: how a secret's value reaches podman,
   * never through its arguments (which {@code ps} shows) or a file.
   */
  Outcome callWithInput(List<String> args, byte[] stdin) {
    return call(args, settings.timeout(), false, stdin);
  }

  private Outcome call(List<String> args, Duration timeout, boolean mergeStderr, byte[] stdin) {
    List<String> command = new ArrayList<>(args.size() + 1);
    command.add(settings.executable());
    command.addAll(args);
    List<String> shown = Argv.redacted(command);
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    ProcessExecutor executor =
        new ProcessExecutor()
            .command(command)
            .environment(settings.environment())
            .readOutput(true)
            .exitValueAny()
            .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (stdin != null) {
      executor.redirectInput(new java.io.ByteArrayInputStream(stdin));
    }
    if (mergeStderr) {
      executor.redirectErrorStream(true);
    } else {
      executor.redirectError(stderr);
    }
    try {
      ProcessResult result = executor.execute();
      return new Outcome(
          shown,
          result.getExitValue(),
          result.outputString(),
          stderr.toString(StandardCharsets.UTF_8).trim());
    } catch (TimeoutException e) {
      LOG.debug("podman timed out after {}: {}", timeout, String.join(" ", shown));
      throw new PodmanTimeoutException(
          shown, timeout, stderr.toString(StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      // zt-exec reports a child that could not be started (ENOENT, EACCES) as an IOException.
      throw new PodmanUnavailableException(settings.executable(), shown, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PodmanException(
          "interrupted while waiting for podman " + PodmanException.subcommand(shown),
          shown,
          PodmanException.NO_EXIT_CODE,
          "",
          e);
    }
  }
}
