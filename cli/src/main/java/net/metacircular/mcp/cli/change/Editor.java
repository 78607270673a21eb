package net.metacircular.mcp.cli.change;

import java.io.IOException;
import java.nio.file.Path;
import net.metacircular.mcp.cli.CliEnv;
import net.metacircular.mcp.cli.CliException;

/** The user's editor: {@code $VISUAL}, else {@code $EDITOR}, else {@code vi}, as git runs it. */
final class Editor {
  private Editor() {}

  static String command(CliEnv env) {
    return env.var("VISUAL").or(() -> env.var("EDITOR")).orElse("vi");
  }

  /** Opens the file and waits; the editor's exit status. */
  static int edit(CliEnv env, Path file) {
    String editor = command(env);
    // Through the shell, so that EDITOR="code --wait" works.
    ProcessBuilder pb =
        new ProcessBuilder("sh", "-c", editor + " \"$@\"", editor, file.toString()).inheritIO();
    pb.environment().clear();
    pb.environment().putAll(env.vars());
    try {
      return pb.start().waitFor();
    } catch (IOException e) {
      throw new CliException("cannot start the editor " + editor + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException("interrupted while the editor was open; nothing was changed");
    }
  }
}
