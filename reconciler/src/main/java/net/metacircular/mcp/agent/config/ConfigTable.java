package net.metacircular.mcp.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import net.metacircular.mcp.schema.Durations;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Typed reads from one table of the agent's config that collect problems instead of throwing, so
 * that every mistake in the file is reported at once with its line and key. The table remembers
 * every key it was asked for: a key in the file that nothing read is unknown ({@link
 * #reportUnread}), so that the list of known keys cannot drift from the keys actually read.
 */
final class ConfigTable {
  private final String file;
  private final String prefix;
  private final TomlTable table;
  private final List<String> problems;
  private final SortedSet<String> read = new TreeSet<>();
  private final Map<String, ConfigTable> children = new LinkedHashMap<>();

  ConfigTable(String file, String prefix, TomlTable table, List<String> problems) {
    this.file = file;
    this.prefix = prefix;
    this.table = table;
    this.problems = problems;
  }

  /** The value of a key, remembering that the key is known. */
  private Object get(String key) {
    read.add(key);
    return table == null ? null : table.get(key);
  }

  ConfigTable table(String key) {
    Object v = get(key);
    if (v != null && !(v instanceof TomlTable)) {
      problem(key, "expected a table [" + key + "]");
      v = null;
    }
    ConfigTable child = new ConfigTable(file, prefix + key + ".", (TomlTable) v, problems);
    children.put(key, child);
    return child;
  }

  /**
   * The tables of an array of tables ({@code [[key]]}), each named {@code key[i]} in messages; a
   * single {@code [key]} table counts as an array of one. The keys read from any element are the
   * array's known keys; with no element, {@code template} reads them from an empty table (its
   * problems dropped), so that the known keys do not depend on the file.
   */
  List<ConfigTable> tables(String key, java.util.function.Consumer<ConfigTable> template) {
    Object v = get(key);
    List<TomlTable> elements = new java.util.ArrayList<>();
    if (v instanceof TomlTable one) {
      elements.add(one);
    } else if (v instanceof org.tomlj.TomlArray a
        && a.toList().stream().allMatch(TomlTable.class::isInstance)) {
      for (int i = 0; i < a.size(); i++) {
        elements.add(a.getTable(i));
      }
    } else if (v != null) {
      problem(key, "expected tables [[" + key + "]]");
    }
    ConfigTable known =
        new ConfigTable(file, prefix + key + ".", null, new java.util.ArrayList<>());
    template.accept(known);
    children.put(key, known);
    List<ConfigTable> out = new java.util.ArrayList<>();
    for (int i = 0; i < elements.size(); i++) {
      String name = elements.size() == 1 ? key : key + "[" + (i + 1) + "]";
      ConfigTable t = new ConfigTable(file, prefix + name + ".", elements.get(i), problems);
      children.put(name, t);
      out.add(t);
    }
    return out;
  }

  /**
   * Reports every key of this table, and of the tables read from it, that was never read: an
   * unknown key, named with its line and the keys known there. Call it after reading everything.
   */
  void reportUnread() {
    if (table != null) {
      for (String key : new TreeSet<>(table.keySet())) {
        if (!read.contains(key)) {
          problem(key, "unknown key; known keys here are " + String.join(", ", read));
        }
      }
    }
    children.values().forEach(ConfigTable::reportUnread);
  }

  /**
   * The keys read, by table: {@code ""} for this one, then {@code "source"} etc. for the tables
   * read from it (a table's own name is among its parent's keys).
   */
  Map<String, Set<String>> keysRead() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    out.put(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), Set.copyOf(read));
    // An element of an array of tables (notify[2]) reads the same keys as the array's template.
    children.values().stream()
        .filter(c -> !c.prefix.contains("["))
        .forEach(c -> out.putAll(c.keysRead()));
    return out;
  }

  Optional<String> string(String key) {
    Object v = get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String s)) {
      problem(key, "expected a string, got " + v);
      return Optional.empty();
    }
    if (s.isBlank()) {
      problem(key, "must not be empty");
      return Optional.empty();
    }
    return Optional.of(s);
  }

  String requiredString(String key, String example) {
    Optional<String> s = string(key);
    if (s.isEmpty() && get(key) == null) {
      problem(key, "is required, e.g. " + key + " = " + example);
    }
    return s.orElse("");
  }

  Optional<Path> path(String key) {
    return string(key).map(Path::of);
  }

  boolean bool(String key, boolean fallback) {
    Object v = get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Boolean b)) {
      problem(key, "expected true or false, got " + v);
      return fallback;
    }
    return b;
  }

  int positiveInt(String key, int fallback) {
    Object v = get(key);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Long n) || n < 1 || n > 64) {
      problem(key, "expected a whole number from 1 to 64, got " + v);
      return fallback;
    }
    return n.intValue();
  }

  Duration duration(String key, Duration fallback) {
    Optional<String> s = string(key);
    if (s.isEmpty()) {
      return fallback;
    }
    Optional<Duration> d = Durations.parse(s.get());
    if (d.isEmpty()) {
      problem(
          key,
          "expected a duration such as \"500ms\", \"30s\", \"5m\" or \"1h\", got \""
              + s.get()
              + "\"");
      return fallback;
    }
    return d.get();
  }

  List<String> strings(String key) {
    Object v = get(key);
    if (v == null) {
      return List.of();
    }
    if (!(v instanceof org.tomlj.TomlArray a)) {
      problem(key, "expected an array of strings");
      return List.of();
    }
    try {
      return a.toList().stream().map(String.class::cast).toList();
    } catch (ClassCastException e) {
      problem(key, "expected an array of strings");
      return List.of();
    }
  }

  /** How many problems the whole file has so far. */
  int problemCount() {
    return problems.size();
  }

  /** The table's name in messages: {@code notify[2]}; empty for the top level. */
  String name() {
    return prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1);
  }

  void problem(String key, String message) {
    TomlPosition at = table == null ? null : table.inputPositionOf(key);
    String where = at == null ? file : file + ":" + at.line() + ":" + at.column();
    problems.add(where + ": " + prefix + key + ": " + message);
  }
}
