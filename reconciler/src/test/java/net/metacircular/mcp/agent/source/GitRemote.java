package net.metacircular.mcp.agent.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bare repository (the "git host") and an operator's clone of it, driven with the git command
 * line, as an operator would.
 */
public final class GitRemote {
  private static final Map<String, String> ENV =
      Map.of(
          "GIT_CONFIG_GLOBAL", "/dev/null",
          "GIT_CONFIG_NOSYSTEM", "1",
          "GIT_AUTHOR_NAME", "Ada Operator",
          "GIT_AUTHOR_EMAIL", "ada@example.net",
          "GIT_COMMITTER_NAME", "Ada Operator",
          "GIT_COMMITTER_EMAIL", "ada@example.net");

  private final Path bare;
  private final Path workstation;

  public GitRemote(Path root) {
    this.bare = root.resolve("services.git");
    this.workstation = root.resolve("workstation");
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    git(root, "init", "-q", "--bare", "-b", "main", bare.toString());
    git(root, "init", "-q", "-b", "main", workstation.toString());
    git(workstation, "remote", "add", "origin", bare.toString());
  }

  public Path bare() {
    return bare;
  }

  public Path workstation() {
    return workstation;
  }

  public String fileUrl() {
    return bare.toUri().toString().replaceFirst("^file:/(?!/)", "file:///");
  }

  /** Writes (or, with a null text, deletes) files, commits them, pushes; the new commit id. */
  public String commit(String message, Map<String, String> changes) {
    try {
      for (Map.Entry<String, String> e : changes.entrySet()) {
        Path f = workstation.resolve(e.getKey());
        if (e.getValue() == null) {
          Files.deleteIfExists(f);
        } else {
          Files.createDirectories(f.getParent());
          Files.writeString(f, e.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    git(workstation, "add", "-A");
    git(workstation, "commit", "-q", "--allow-empty", "-m", message);
    git(workstation, "push", "-q", "origin", "main");
    return head();
  }

  /** A commit of one file. */
  public String commit(String message, String file, String text) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(file, text);
    return commit(message, m);
  }

  public String head() {
    return git(workstation, "rev-parse", "HEAD").strip();
  }

  /** Force-pushes the branch back (or anywhere) to {@code commit}; the workstation follows. */
  public void forcePush(String commit) {
    git(workstation, "reset", "-q", "--hard", commit);
    git(workstation, "push", "-q", "-f", "origin", "main");
  }

  public static String git(Path dir, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add("git");
    argv.addAll(List.of(args));
    return Proc.run(dir, ENV, argv);
  }

  /** A service file's text. */
  static String service(String name, String image) {
    return "name = \""
        + name
        + "\"\nnode = \"rift\"\n\n[[components]]\nname = \"api\"\nimage = \""
        + image
        + "\"\n";
  }
}
