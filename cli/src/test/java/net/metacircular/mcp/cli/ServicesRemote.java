package net.metacircular.mcp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A bare repository standing in for the git host, seeded with the example services, and clones of
 * it: the operator's services_dir and others'.
 */
public final class ServicesRemote {
  public static final Path EXAMPLES = Path.of("../examples/services");

  private final Path bare;
  private final Path tmp;

  public ServicesRemote(Path tmp) {
    this.tmp = tmp;
    this.bare = tmp.resolve("remote.git");
    git(tmp, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
    Path seed = tmp.resolve("seed");
    git(tmp, "clone", "--quiet", bare.toString(), seed.toString());
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".toml")).toList()) {
        Files.copy(f, seed.resolve(f.getFileName()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    git(seed, "add", ".");
    git(seed, "commit", "--quiet", "-m", "Add the example services");
    git(seed, "push", "--quiet", "origin", "HEAD:main");
  }

  public Path bare() {
    return bare;
  }

  /** A fresh clone at tmp/name. */
  public Path clone(String name) {
    Path dir = tmp.resolve(name);
    git(tmp, "clone", "--quiet", bare.toString(), dir.toString());
    return dir;
  }

  /** A file's text on the remote's main branch. */
  public String remoteFile(String file) {
    return git(tmp, "--git-dir", bare.toString(), "show", "main:" + file);
  }

  /** The subject of the remote's last commit. */
  public String remoteSubject() {
    return git(tmp, "--git-dir", bare.toString(), "log", "-1", "--format=%s", "main").strip();
  }

  public String remoteHead() {
    return git(tmp, "--git-dir", bare.toString(), "rev-parse", "main").strip();
  }

  /** Runs git in a folder with the test environment; its stdout, or a failed assertion. */
  public static String git(Path dir, String... args) {
    List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
    pb.environment().putAll(Cli.gitEnv());
    try {
      Process p = pb.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int exit = p.waitFor();
      assertThat(exit).as("git %s\n%s", args, out).isZero();
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
