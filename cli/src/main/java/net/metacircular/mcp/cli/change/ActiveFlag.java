package net.metacircular.mcp.cli.change;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sets {@code active = true|false} in a service file's text, changing one line: the top-level
 * {@code active = …} line if there is one (its comment kept, and aligned as before), else a new
 * {@code active = …} line after {@code node = …}. The caller parses the result to check it.
 */
final class ActiveFlag {
  private static final Pattern HEADER = Pattern.compile("\\s*\\[.*");
  private static final Pattern ACTIVE =
      Pattern.compile("(\\s*active\\s*=\\s*)(true|false)([ \\t]*)(#.*)?");
  private static final Pattern NODE = Pattern.compile("\\s*node\\s*=.*");
  private static final Pattern NAME = Pattern.compile("\\s*name\\s*=.*");

  private ActiveFlag() {}

  static String set(String text, boolean active) {
    String value = Boolean.toString(active);
    List<String> lines = lines(text);
    int top = lines.size();
    for (int i = 0; i < lines.size(); i++) {
      if (HEADER.matcher(body(lines.get(i))).matches()) {
        top = i;
        break;
      }
    }
    for (int i = 0; i < top; i++) {
      String line = lines.get(i);
      Matcher m = ACTIVE.matcher(body(line));
      if (m.matches()) {
        String spaces = m.group(3);
        if (m.group(4) != null) {
          int delta = value.length() - m.group(2).length();
          spaces =
              delta > 0 && spaces.length() > delta
                  ? spaces.substring(delta)
                  : delta < 0 ? spaces + " ".repeat(-delta) : spaces;
        }
        String comment = m.group(4) == null ? "" : m.group(4);
        lines.set(i, m.group(1) + value + spaces + comment + ending(line));
        return String.join("", lines);
      }
    }
    int after = find(lines, top, NODE);
    if (after < 0) {
      after = find(lines, top, NAME);
    }
    String nl = text.contains("\r\n") ? "\r\n" : "\n";
    if (after >= 0 && ending(lines.get(after)).isEmpty()) {
      lines.set(after, lines.get(after) + nl);
    }
    lines.add(after + 1, "active = " + value + nl);
    return String.join("", lines);
  }

  private static int find(List<String> lines, int top, Pattern p) {
    for (int i = 0; i < top; i++) {
      if (p.matcher(body(lines.get(i))).matches()) {
        return i;
      }
    }
    return -1;
  }

  private static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int from = 0;
    while (from < text.length()) {
      int nl = text.indexOf('\n', from);
      int to = nl < 0 ? text.length() : nl + 1;
      lines.add(text.substring(from, to));
      from = to;
    }
    return lines;
  }

  private static String ending(String line) {
    return line.endsWith("\r\n") ? "\r\n" : line.endsWith("\n") ? "\n" : "";
  }

  private static String body(String line) {
    return line.substring(0, line.length() - ending(line).length());
  }
}
