package net.metacircular.mcp.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.metacircular.mcp.schema.Durations;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Typed reads from one table of the agent's config that collect problems instead of throwing, so
 * that every mistake in the file is reported at once with its line and key.
 */
final class ConfigTable {
  private final String file;
  private final String prefix;
  private final TomlTable table;
  private final List<String> problems;

  ConfigTable(String file, String prefix, TomlTable table, List<String> problems) {
    this.file = file;
    this.prefix = prefix;
    this.table = table;
    this.problems = problems;
  }

  ConfigTable table(String key) {
    Object v = table == null ? null : table.get(key);
    if (v != null && !(v instanceof TomlTable)) {
      problem(key, "expected a table [" + key + "]");
      v = null;
    }
    return new ConfigTable(file, prefix + key + ".", (TomlTable) v, problems);
  }

  void onlyKeys(String... known) {
    if (table == null) {
      return;
    }
    Set<String> allowed = Set.of(known);
    for (String key : new TreeSet<>(table.keySet())) {
      if (!allowed.contains(key)) {
        problem(
            key, "unknown key; known keys here are " + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  Optional<String> string(String key) {
    Object v = table == null ? null : table.get(key);
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
    if (s.isEmpty() && (table == null || table.get(key) == null)) {
      problem(key, "is required, e.g. " + key + " = " + example);
    }
    return s.orElse("");
  }

  Optional<Path> path(String key) {
    return string(key).map(Path::of);
  }

  boolean bool(String key, boolean fallback) {
    Object v = table == null ? null : table.get(key);
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
    Object v = table == null ? null : table.get(key);
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
    Object v = table == null ? null : table.get(key);
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

  void problem(String key, String message) {
    TomlPosition at = table == null ? null : table.inputPositionOf(key);
    String where = at == null ? file : file + ":" + at.line() + ":" + at.column();
    problems.add(where + ": " + prefix + key + ": " + message);
  }
}
