package net.metacircular.mcp.schema;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * Typed reads from one TOML table that report wrong types to {@link Problems} instead of throwing,
 * so that one bad key does not hide the next. Keys are single segments: a quoted key with a dot is
 * one key, not a path.
 */
final class Fields {
  private final TomlTable table;
  private final String path;
  private final TomlPosition where;
  private final Problems problems;

  /**
   * @param path the key path of the table, empty for the document
   * @param where the table's own position, used for errors about keys it lacks
   */
  Fields(TomlTable table, String path, TomlPosition where, Problems problems) {
    this.table = table;
    this.path = path;
    this.where = where;
    this.problems = problems;
  }

  TomlTable table() {
    return table;
  }

  TomlPosition where() {
    return where;
  }

  Problems problems() {
    return problems;
  }

  String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  TomlPosition position(String key) {
    TomlPosition p = table.inputPositionOf(List.of(key));
    return p != null ? p : where;
  }

  Fields child(String key, TomlTable child) {
    return new Fields(child, path(key), position(key), problems);
  }

  void error(String key, String message) {
    problems.add(position(key), path(key), message);
  }

  /** An error about element {@code index} of the array under {@code key}. */
  void elementError(String key, int index, String message) {
    TomlArray array = table.getArray(List.of(key));
    TomlPosition p = array == null ? null : array.inputPositionOf(index);
    problems.add(p != null ? p : position(key), path(key) + "[" + index + "]", message);
  }

  void missing(String key, String fix) {
    problems.add(where, path(key), "required key is missing; " + fix);
  }

  Optional<Object> raw(String key) {
    return Optional.ofNullable(table.get(List.of(key)));
  }

  Optional<String> string(String key) {
    return typed(key, String.class, "a string");
  }

  Optional<String> requiredString(String key, String fix) {
    if (raw(key).isEmpty()) {
      missing(key, fix);
    }
    return string(key);
  }

  Optional<Boolean> bool(String key) {
    return typed(key, Boolean.class, "a boolean (true or false)");
  }

  Optional<Long> integer(String key) {
    return typed(key, Long.class, "an integer");
  }

  Optional<TomlTable> table(String key) {
    return typed(key, TomlTable.class, "a table");
  }

  /** An array of strings; each element of another type is an error of its own. */
  Optional<List<String>> strings(String key) {
    Optional<TomlArray> array = typed(key, TomlArray.class, "an array of strings");
    if (array.isEmpty()) {
      return Optional.empty();
    }
    List<String> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < array.get().size(); i++) {
      Object v = array.get().get(i);
      if (v instanceof String s) {
        out.add(s);
      } else {
        elementError(key, i, "expected a string; got " + TomlValues.describe(v));
        ok = false;
      }
    }
    return ok ? Optional.of(out) : Optional.empty();
  }

  /** A duration string no shorter than {@code min}. */
  Optional<Duration> duration(String key, Duration min) {
    Optional<Object> v = raw(key);
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (!(v.get() instanceof String s)) {
      error(key, "expected " + Durations.EXPECTED + "; got " + TomlValues.describe(v.get()));
      return Optional.empty();
    }
    Optional<Duration> d = Durations.parse(s);
    if (d.isEmpty()) {
      error(key, "expected " + Durations.EXPECTED + "; got " + TomlValues.describe(s));
    } else if (d.get().compareTo(min) < 0) {
      error(
          key,
          "expected a duration of at least "
              + Durations.format(min)
              + "; got "
              + TomlValues.describe(s));
      return Optional.empty();
    }
    return d;
  }

  private <T> Optional<T> typed(String key, Class<T> type, String expected) {
    Optional<Object> v = raw(key);
    if (v.isPresent() && !type.isInstance(v.get())) {
      error(key, "expected " + expected + "; got " + TomlValues.describe(v.get()));
      return Optional.empty();
    }
    return v.map(type::cast);
  }
}
