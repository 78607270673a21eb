package net.metacircular.mcp.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The command lines of a runbook in Markdown, in the order written: each line of a {@code ```bash}
 * block (comments cut, {@code \} continuations joined), and each inline code span outside blocks
 * that starts with a command word the runbook's test can run on one machine ({@code mcp}, {@code
 * mcp-agent}, {@code curl}, {@code make}). What cannot run there is marked in the file: a {@code
 * ```bash remote} block (ssh, doas, systemctl, nixos-rebuild: the node itself or root), and inline
 * spans that start with {@code ssh}, {@code doas}, {@code scp} or {@code nixos-rebuild}, or that
 * contain {@code doas}; those, and inline spans with a placeholder ({@code <…>}, {@code …}), are
 * returned as skipped with the reason.
 */
final class RunbookCommands {
  /** Words a {@code ```bash} block's command may start with: the test can run these. */
  static final Set<String> RUNNABLE =
      Set.of("mcp", "mcp-agent", "curl", "make", "openssl", "ls", "cat", "tail", "sed", "umask");

  private static final Set<String> INLINE_RUN = Set.of("mcp", "mcp-agent", "curl", "make");
  private static final Set<String> INLINE_REMOTE = Set.of("ssh", "doas", "scp", "nixos-rebuild");
  private static final Pattern SPAN = Pattern.compile("`([^`]+)`");
  private static final Pattern COMMENT = Pattern.compile("\\s+#.*$");

  /**
   * One command of the runbook.
   *
   * @param line its 1-based line in the file
   * @param text the command as written (continuations joined, comment cut)
   * @param inline whether it is an inline code span rather than a line of a block
   * @param skipped why it is not run, or null if it is
   */
  record Command(int line, String text, boolean inline, String skipped) {
    boolean runs() {
      return skipped == null;
    }

    @Override
    public String toString() {
      return "runbook.md:" + line + ": " + text + (skipped == null ? "" : "  (" + skipped + ")");
    }
  }

  private RunbookCommands() {}

  static List<Command> of(String markdown) {
    List<Command> out = new ArrayList<>();
    String[] lines = markdown.split("\n", -1);
    String fence = null; // the info string of the block we are in, or null outside blocks
    StringBuilder prose = new StringBuilder();
    int proseStart = 1;
    StringBuilder pending = null;
    int pendingLine = 0;
    boolean openQuote = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String stripped = line.strip();
      if (stripped.startsWith("```")) {
        if (fence == null) {
          inline(prose.toString(), proseStart, out);
          prose.setLength(0);
          fence = stripped.substring(3).strip();
        } else {
          fence = null;
          proseStart = i + 2;
        }
        continue;
      }
      if (fence == null) {
        prose.append(line).append('\n');
        continue;
      }
      if (!fence.equals("bash") && !fence.equals("bash remote")) {
        continue;
      }
      boolean continued = pending != null;
      if (!continued) {
        pending = new StringBuilder();
        pendingLine = i + 1;
      }
      String part = openQuote ? stripped : COMMENT.matcher(stripped).replaceFirst("");
      if ((part.isEmpty() || part.startsWith("#")) && !continued) {
        pending = null;
        continue;
      }
      // A single-quoted argument may span lines (a JSON body): count quotes to know.
      for (char c : part.toCharArray()) {
        if (c == '\'') {
          openQuote = !openQuote;
        }
      }
      boolean more = part.endsWith("\\") || openQuote;
      pending
          .append(continued ? " " : "")
          .append(part.endsWith("\\") ? part.substring(0, part.length() - 1).strip() : part);
      if (more) {
        continue;
      }
      String text = pending.toString();
      pending = null;
      out.add(
          new Command(
              pendingLine, text, false, fence.equals("bash") ? null : "```bash remote block"));
    }
    inline(prose.toString(), proseStart, out);
    return out;
  }

  private static void inline(String prose, int firstLine, List<Command> out) {
    Matcher m = SPAN.matcher(prose);
    while (m.find()) {
      String text = m.group(1).strip().replaceAll("\\s+", " ");
      String first = text.split(" ")[0];
      int line =
          firstLine + (int) prose.substring(0, m.start()).chars().filter(c -> c == '\n').count();
      List<String> words = List.of(text.split(" "));
      if (words.size() == 1) {
        continue; // a command's name in a sentence (`doas`), not a command line
      }
      if (INLINE_REMOTE.contains(first) || (INLINE_RUN.contains(first) && words.contains("doas"))) {
        out.add(new Command(line, text, true, "on the node or as root"));
      } else if (INLINE_RUN.contains(first) && text.length() > first.length()) {
        boolean placeholder = text.contains("…") || text.matches(".*<[^>]+>.*");
        out.add(new Command(line, text, true, placeholder ? "a placeholder to fill in" : null));
      }
    }
  }
}
