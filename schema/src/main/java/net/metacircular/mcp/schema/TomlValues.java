package net.metacircular.mcp.schema;

import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

/** How messages show a TOML value of any type: its type, and the value when it is short. */
final class TomlValues {
  private TomlValues() {}

  static String describe(Object v) {
    return switch (v) {
      case String s -> quote(s);
      case Long l -> "integer " + l;
      case Double d -> "float " + d;
      case Boolean b -> "boolean " + b;
      case TomlArray a -> a.isEmpty() ? "[]" : "an array";
      case TomlTable t -> "a table";
      default -> "date/time " + v;
    };
  }

  /** A string as TOML writes it, so that the writer recognises it. */
  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
