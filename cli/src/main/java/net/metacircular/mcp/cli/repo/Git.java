package net.metacircular.mcp.cli.repo;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import net.metacircular.mcp.cli.CliException;

/**
 * The {@code git} command line in one working tree, so that the user's identity, signing, hooks,
 * credentials and SSH agent apply as they do at the shell. The environment is the one injected into
 * the CLI, passed as is.
 */
public final class Git {
  private final Path dir;
  private final Map<String, String> env;

  public Git(Path dir, Map<String, String> env) {
    this.dir = dir;
    this.env = Map.copyOf(env);
  }

  /** What a git command printed and how it ended. */
  public record Result(List<String> args, int exit, String out, String err) {
    public boolean ok() {
      return exit == 0;
    }

    /** git's own words: its stderr, else its stdout, trimmed to one line where possible. */
    public String message() {
      String text = err.isBlank() ? out : err;
      return text.strip().replaceAll("\\s*\\n\\s*", "; ");
    }
  }

  public Path dir() {
    return dir;
  }

  /** Runs {@code git -C dir args…}; never throws for a non-zero exit. */
  public Result run(String... args) {
    List<String> argv = new ArrayList<>(List.of("git", "-C", dir.toString()));
    argv.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().clear();
    pb.environment().putAll(env);
    // Prompts (passphrases, credentials) use the terminal, not stdin.
    pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new CliException(
          "cannot run git (" + e.getMessage() + "); install git and make sure it is on PATH");
    }
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    try {
      int exit = p.waitFor();
      return new Result(List.of(args), exit, out, err.join());
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while git " + args[0] + " was running");
    }
  }

  /** Runs git and returns its stdout, trimmed; a non-zero exit is an error that quotes git. */
  public String ok(String... args) {
    Result r = run(args);
    if (!r.ok()) {
      throw new CliException("git " + args[0] + " failed in " + dir + ": " + r.message());
    }
    return r.out().strip();
  }

  private static String read(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
