package net.metacircular.mcp.agent.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finds programs for tests: on PATH, then in the sbin folders (sshd, nginx live there). */
public final class Executables {
  private static final List<String> EXTRA = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");
  private final List<String> dirs;

  public Executables(Map<String, String> environment) {
    Set<String> all = new LinkedHashSet<>();
    for (String d : environment.getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!d.isEmpty()) {
        all.add(d);
      }
    }
    all.addAll(EXTRA);
    this.dirs = new ArrayList<>(all);
  }

  /** The system's executables. */
  public static Executables system() {
    return new Executables(System.getenv());
  }

  public Optional<Path> find(String name) {
    for (String d : dirs) {
      Path p = Path.of(d, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The program's absolute path; fails the test when missing. */
  public Path require(String name) {
    return find(name).orElseThrow(() -> new AssertionError(name + " not found in " + searched()));
  }

  String searched() {
    return String.join(File.pathSeparator, dirs);
  }
}
