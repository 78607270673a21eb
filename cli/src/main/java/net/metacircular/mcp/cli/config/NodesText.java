package net.metacircular.mcp.cli.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Edits the {@code [[nodes]]} tables of {@code mcp.toml} as text, so that the user's comments,
 * order and formatting stay as they were: adding appends a block, removing cuts exactly one block.
 * Callers check the result by parsing it.
 */
public final class NodesText {
  private static final Pattern NODES_HEADER =
      Pattern.compile("\\s*\\[\\[\\s*nodes\\s*]]\\s*(#.*)?");

  /** A table or array-of-tables header line, e.g. {@code [x]} or {@code [[x.y]]}. */
  private static final Pattern ANY_HEADER =
      Pattern.compile("\\s*\\[\\[?\\s*[A-Za-z0-9_\"'. -]+\\s*]]?\\s*(#.*)?");

  /** A {@code recipient = "…"} line, in the same three parts as an address line. */
  private static final Pattern RECIPIENT_LINE =
      Pattern.compile(
          "(\\s*recipient\\s*=\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*')(.*)", Pattern.DOTALL);

  /** An {@code address = "…"} line: its key part, its string, and what follows (a comment). */
  private static final Pattern ADDRESS_LINE =
      Pattern.compile(
          "(\\s*address\\s*=\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*')(.*)", Pattern.DOTALL);

  private static final Pattern COMMENT = Pattern.compile("\\s*#.*");

  private NodesText() {}

  /** The text with a {@code [[nodes]]} block for this node appended. */
  public static String add(String text, Node node) {
    String nl = text.contains("\r\n") ? "\r\n" : "\n";
    StringBuilder b = new StringBuilder(text);
    if (!text.isEmpty() && !text.endsWith("\n")) {
      b.append(nl);
    }
    if (!text.isBlank() && !text.endsWith(nl + nl)) {
      b.append(nl);
    }
    b.append("[[nodes]]").append(nl);
    b.append("name = ").append(quote(node.name())).append(nl);
    b.append("address = ").append(quote(node.address())).append(nl);
    return b.toString();
  }

  /**
   * The text without the {@code index}-th (0-based) {@code [[nodes]]} block: its header, its keys,
   * and comment lines directly above the header; comments and blank lines just before the next
   * table belong to that table and stay.
   *
   * @throws IllegalArgumentException if there are not that many {@code [[nodes]]} headers
   */
  public static String remove(String text, int index) {
    List<String> lines = lines(text);
    int header = header(lines, index);
    int end = lines.size();
    for (int i = header + 1; i < lines.size(); i++) {
      if (ANY_HEADER.matcher(strip(lines.get(i))).matches()) {
        end = i;
        break;
      }
    }
    while (end > header + 1 && isBlankOrComment(lines.get(end - 1))) {
      end--;
    }
    int start = header;
    while (start > 0 && COMMENT.matcher(strip(lines.get(start - 1))).matches()) {
      start--;
    }
    List<String> kept = new ArrayList<>(lines.subList(0, start));
    List<String> rest = lines.subList(end, lines.size());
    // One blank line separated the block from its neighbours; keep one, not two.
    boolean blankBefore = kept.isEmpty() || strip(kept.get(kept.size() - 1)).isBlank();
    int skip = 0;
    while (blankBefore && skip < rest.size() && strip(rest.get(skip)).isBlank()) {
      skip++;
    }
    kept.addAll(rest.subList(skip, rest.size()));
    if (skip == rest.size()) {
      // The block ended the file: so does what was before it, without the blank line between.
      while (!kept.isEmpty() && strip(kept.get(kept.size() - 1)).isBlank()) {
        kept.remove(kept.size() - 1);
      }
    }
    return String.join("", kept);
  }

  /**
   * The text with the {@code index}-th (0-based) {@code [[nodes]]} block's {@code address} value
   * replaced; everything else, the line's trailing comment included, stays as it is.
   *
   * @throws IllegalArgumentException if there is no such block or it has no {@code address = "…"}
   *     line of its own
   */
  public static String setAddress(String text, int index, String address) {
    List<String> lines = lines(text);
    int header = header(lines, index);
    for (int i = header + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (ANY_HEADER.matcher(strip(line)).matches()) {
        break;
      }
      var m = ADDRESS_LINE.matcher(line);
      if (m.matches()) {
        lines.set(i, m.group(1) + quote(address) + m.group(3));
        return String.join("", lines);
      }
    }
    throw new IllegalArgumentException("no address line in [[nodes]] block number " + index);
  }

  /**
   * The text with {@code recipient = "…"} set in the {@code index}-th (0-based) {@code [[nodes]]}
   * block: its own line replaced, or a new line after the block's {@code address} line.
   *
   * @throws IllegalArgumentException if there is no such block or it has no address line
   */
  public static String setRecipient(String text, int index, String recipient) {
    List<String> lines = lines(text);
    int header = header(lines, index);
    int address = -1;
    for (int i = header + 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (ANY_HEADER.matcher(strip(line)).matches()) {
        break;
      }
      var m = RECIPIENT_LINE.matcher(line);
      if (m.matches()) {
        lines.set(i, m.group(1) + quote(recipient) + m.group(3));
        return String.join("", lines);
      }
      if (ADDRESS_LINE.matcher(line).matches()) {
        address = i;
      }
    }
    if (address < 0) {
      throw new IllegalArgumentException("no address line in [[nodes]] block number " + index);
    }
    String after = lines.get(address);
    String newline = after.endsWith("\r\n") ? "\r\n" : "\n";
    if (!after.endsWith("\n")) {
      lines.set(address, after + newline);
    }
    lines.add(address + 1, "recipient = " + quote(recipient) + newline);
    return String.join("", lines);
  }

  private static boolean isBlankOrComment(String line) {
    String s = strip(line);
    return s.isBlank() || COMMENT.matcher(s).matches();
  }

  /** The lines of the text, each with its line terminator. */
  static List<String> lines(String text) {
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

  private static String strip(String line) {
    return line.endsWith("\r\n")
        ? line.substring(0, line.length() - 2)
        : line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
  }

  /** A TOML basic string. */
  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** The line of the {@code index}-th (0-based) {@code [[nodes]]} header. */
  private static int header(List<String> lines, int index) {
    for (int i = 0, seen = 0; i < lines.size(); i++) {
      if (NODES_HEADER.matcher(strip(lines.get(i))).matches() && seen++ == index) {
        return i;
      }
    }
    throw new IllegalArgumentException("no [[nodes]] block number " + index);
  }
}
