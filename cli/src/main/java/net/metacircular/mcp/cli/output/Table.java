package net.metacircular.mcp.cli.output;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aligned columns for people: a header in capitals, two spaces between columns, no trailing spaces.
 * Cells may hold {@link Style} colours; alignment ignores them.
 */
public final class Table {
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();

  public Table(String... headers) {
    this.headers = List.of(headers);
  }

  /** Adds a row; missing cells are empty, extra cells are an error. */
  public Table row(String... cells) {
    if (cells.length > headers.size()) {
      throw new IllegalArgumentException(
          "row has " + cells.length + " cells for " + headers.size() + " columns");
    }
    List<String> row = new ArrayList<>(Arrays.asList(cells));
    while (row.size() < headers.size()) {
      row.add("");
    }
    rows.add(row.stream().map(c -> c == null ? "" : c).toList());
    return this;
  }

  public boolean isEmpty() {
    return rows.isEmpty();
  }

  /** The table, one line per row, each ending in a newline. */
  public String render(Style style) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = Style.width(headers.get(i));
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], Style.width(row.get(i)));
      }
    }
    StringBuilder b = new StringBuilder();
    line(b, headers.stream().map(style::bold).toList(), widths);
    for (List<String> row : rows) {
      line(b, row, widths);
    }
    return b.toString();
  }

  private static void line(StringBuilder b, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      line.append(cell);
      if (i < cells.size() - 1) {
        line.append(" ".repeat(widths[i] - Style.width(cell) + 2));
      }
    }
    int end = line.length();
    while (end > 0 && line.charAt(end - 1) == ' ') {
      end--;
    }
    b.append(line, 0, end).append('\n');
  }
}
