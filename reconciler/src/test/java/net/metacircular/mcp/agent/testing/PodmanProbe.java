package net.metacircular.mcp.agent.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.metacircular.mcp.agent.runtime.Podman;
import net.metacircular.mcp.agent.runtime.PodmanException;
import net.metacircular.mcp.agent.runtime.PodmanSettings;
import org.zeroturnaround.exec.ProcessExecutor;
import org.zeroturnaround.exec.ProcessResult;

/**
 * Decides once per JVM whether podman tests can run here, and with which settings. Each step names
 * what is missing when it fails, so a skipped or failed test says how to fix the machine.
 */
final class PodmanProbe {
  static final String CONTAINERS_CONF = "CONTAINERS_CONF";
  static final String REQUIRE_PODMAN = "MCP_REQUIRE_PODMAN";
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(2);

  /** Either settings that work, or why there are none. */
  record Result(Optional<PodmanSettings> settings, String problem) {
    static Result ok(PodmanSettings settings) {
      return new Result(Optional.of(settings), "");
    }

    static Result failed(String problem) {
      return new Result(Optional.empty(), problem);
    }
  }

  private final Map<String, String> environment;
  private final Path workingDirectory;

  /**
   * @param environment the JVM's environment (PATH, CONTAINERS_CONF)
   * @param workingDirectory where to start looking for the repository root
   */
  PodmanProbe(Map<String, String> environment, Path workingDirectory) {
    this.environment = Map.copyOf(environment);
    this.workingDirectory = workingDirectory;
  }

  Result run() {
    Optional<Path> root = RepoRoot.findFrom(workingDirectory);
    if (root.isEmpty()) {
      return Result.failed("no repository root (a folder with mvnw) above " + workingDirectory);
    }
    if (onPath("podman").isEmpty()) {
      return Result.failed(
          "podman is not on PATH (" + environment.getOrDefault("PATH", "") + "); install podman");
    }
    Path conf = containersConf(root.get());
    if (!Files.isRegularFile(conf)) {
      return Result.failed("CONTAINERS_CONF file " + conf + " does not exist");
    }
    PodmanSettings settings = PodmanSettings.defaults(Map.of(CONTAINERS_CONF, conf.toString()));
    Podman podman = new Podman(settings);
    try {
      podman.version();
    } catch (PodmanException e) {
      return Result.failed(
          "'podman info' fails with CONTAINERS_CONF=" + conf + ": " + e.getMessage());
    }
    String built = buildTestImage(root.get(), conf);
    if (!built.isEmpty()) {
      return Result.failed(built);
    }
    String ran = runTestImage(conf);
    if (!ran.isEmpty()) {
      return Result.failed(ran);
    }
    return Result.ok(settings);
  }

  /** The env var if set, else the repository's own file. */
  Path containersConf(Path repoRoot) {
    String fromEnv = environment.get(CONTAINERS_CONF);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv);
    }
    return repoRoot.resolve("dev/podman/containers.conf");
  }

  /** Builds {@link TestPodman#IMAGE} with the repository's script; empty on success. */
  private String buildTestImage(Path repoRoot, Path conf) {
    Path script = repoRoot.resolve("dev/podman/build-test-image.sh");
    return runChecked(
        List.of("bash", script.toString(), TestPodman.IMAGE),
        Map.of(CONTAINERS_CONF, conf.toString()),
        "building the test image with " + script + " (needs busybox-static)");
  }

  /** Proves the runtime works: runc, ulimits, storage; empty on success. */
  private String runTestImage(Path conf) {
    return runChecked(
        List.of("podman", "run", "--rm", "--network", "none", TestPodman.IMAGE, "true"),
        Map.of(CONTAINERS_CONF, conf.toString()),
        "running the test image " + TestPodman.IMAGE + " with CONTAINERS_CONF=" + conf);
  }

  private static String runChecked(List<String> argv, Map<String, String> env, String what) {
    try {
      ProcessResult r =
          new ProcessExecutor()
              .command(argv)
              .environment(new HashMap<>(env))
              .readOutput(true)
              .redirectErrorStream(true)
              .exitValueAny()
              .timeout(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
              .execute();
      return r.getExitValue() == 0
          ? ""
          : what + " failed (exit " + r.getExitValue() + "): " + r.outputString().strip();
    } catch (IOException | TimeoutException e) {
      return what + " failed: " + e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return what + " was interrupted";
    }
  }

  private Optional<Path> onPath(String executable) {
    for (String dir : environment.getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, executable);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
