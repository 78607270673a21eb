package net.metacircular.mcp.agent.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import net.metacircular.mcp.agent.runtime.Podman;
import net.metacircular.mcp.agent.runtime.PodmanSettings;

/**
 * A wrapping shim in front of the real podman that appends one line per call ({@code $*}, the
 * arguments without the executable) to a log file, then execs podman: it counts the agent's podman
 * calls without faking any of them.
 */
public final class PodmanShim {
  private final Path executable;
  private final Path log;
  private final Podman podman;

  private PodmanShim(Path executable, Path log, Podman podman) {
    this.executable = executable;
    this.log = log;
    this.podman = podman;
  }

  /**
   * Writes the shim and its (empty) log into {@code dir}, wrapping the podman that {@code t} uses.
   */
  public static PodmanShim create(TestPodman t, Path dir) throws IOException {
    return create(t.settings(), dir);
  }

  /** As {@link #create(TestPodman, Path)}, for a podman with settings of the test's own. */
  public static PodmanShim create(PodmanSettings settings, Path dir) throws IOException {
    String real = resolve(settings.executable());
    Path log = dir.resolve("podman-calls.log");
    Files.writeString(log, "");
    Path shim = dir.resolve("podman-shim");
    Files.writeString(
        shim,
        "#!/bin/sh\nprintf '%s\\n' \"$*\" >> "
            + quote(log.toString())
            + "\nexec "
            + quote(real)
            + " \"$@\"\n");
    Files.setPosixFilePermissions(shim, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new PodmanShim(
        shim, log, new Podman(settings.withExecutable(shim.toAbsolutePath().toString())));
  }

  /** A {@link Podman} that goes through the shim. */
  public Podman podman() {
    return podman;
  }

  public Path executable() {
    return executable;
  }

  /** The calls logged since the last {@link #clear}, oldest first, e.g. {@code ps --all …}. */
  public List<String> calls() {
    try {
      return Files.readAllLines(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Forgets the calls logged so far. */
  public void clear() {
    try {
      Files.writeString(log, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The real executable: an absolute path as is, else the first match on PATH. */
  private static String resolve(String executable) {
    if (executable.contains(File.separator)) {
      return executable;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, executable);
      if (Files.isExecutable(candidate)) {
        return candidate.toAbsolutePath().toString();
      }
    }
    throw new IllegalStateException(executable + " is not on PATH");
  }

  /** Single-quoted for sh, for shims of a test's own. */
  public static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
