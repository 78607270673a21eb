package net.metacircular.mcp.agent.source;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which services a new revision added, changed or removed, against the revision applied before it.
 * Services are named as in the repository: the file name without {@code .toml}.
 *
 * @param added services whose file is new
 * @param changed services whose file's text differs
 * @param removed services whose file is gone
 */
public record ChangeSummary(
    SortedSet<String> added, SortedSet<String> changed, SortedSet<String> removed) {
  /** Nothing changed. */
  public static final ChangeSummary NONE =
      new ChangeSummary(new TreeSet<>(), new TreeSet<>(), new TreeSet<>());

  public ChangeSummary {
    added = Collections.unmodifiableSortedSet(new TreeSet<>(added));
    changed = Collections.unmodifiableSortedSet(new TreeSet<>(changed));
    removed = Collections.unmodifiableSortedSet(new TreeSet<>(removed));
  }

  /**
   * Compares two sets of service files (file name to text, as in {@link SourceSnapshot#files()}).
   * Files that are not {@code *.toml} are ignored.
   */
  public static ChangeSummary between(Map<String, String> before, Map<String, String> after) {
    SortedSet<String> added = new TreeSet<>();
    SortedSet<String> changed = new TreeSet<>();
    SortedSet<String> removed = new TreeSet<>();
    after.forEach(
        (file, text) -> {
          if (!file.endsWith(".toml")) {
            return;
          }
          String old = before.get(file);
          if (old == null) {
            added.add(serviceName(file));
          } else if (!Objects.equals(old, text)) {
            changed.add(serviceName(file));
          }
        });
    before.keySet().stream()
        .filter(file -> file.endsWith(".toml") && !after.containsKey(file))
        .forEach(file -> removed.add(serviceName(file)));
    return new ChangeSummary(added, changed, removed);
  }

  /** True when no service was added, changed or removed. */
  public boolean isEmpty() {
    return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
  }

  /** For events: {@code added a, b; changed c; removed d}, or {@code no service changed}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    append(s, "added", added);
    append(s, "changed", changed);
    append(s, "removed", removed);
    return s.length() == 0 ? "no service changed" : s.toString();
  }

  private static void append(StringBuilder s, String what, SortedSet<String> names) {
    if (names.isEmpty()) {
      return;
    }
    if (s.length() > 0) {
      s.append("; ");
    }
    s.append(what).append(' ').append(String.join(", ", names));
  }

  private static String serviceName(String file) {
    return file.substring(0, file.length() - ".toml".length());
  }
}
