package net.metacircular.mcp.agent.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

/**
 * The lines of a tokens file as the agent reads them: {@code <sha256 hex of the token> <role>
 * [name]}, {@code #} starts a comment. Shared by the agent's validator and {@code mcp-agent token
 * list|revoke}, so that what the commands show is what the agent accepts.
 */
public final class TokenLines {
  private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{64}");

  /**
   * One token line.
   *
   * @param number its 1-based line number
   * @param hashHex the hex SHA-256 of the token
   * @param role {@code admin} or {@code read}
   * @param name the name written on the line, or {@code line N} when it has none
   * @param named whether the line names its token
   */
  public record Line(int number, String hashHex, String role, String name, boolean named) {}

  private TokenLines() {}

  /** The token lines; a line that is neither blank, a comment nor a token goes to skipped. */
  public static List<Line> parse(List<String> lines, IntConsumer skipped) {
    List<Line> out = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int hash = line.indexOf('#');
      String[] words = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+", 3);
      if (words.length == 1 && words[0].isEmpty()) {
        continue;
      }
      Optional<Role> role = words.length >= 2 ? Role.parse(words[1]) : Optional.empty();
      if (!HEX.matcher(words[0]).matches() || role.isEmpty()) {
        skipped.accept(i + 1);
        continue;
      }
      boolean named = words.length == 3;
      String name = named ? words[2].trim() : "line " + (i + 1);
      out.add(new Line(i + 1, words[0], role.get().word(), name, named));
    }
    return List.copyOf(out);
  }
}
