package net.metacircular.mcp.cli.output;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Enough JSON for {@code --json} output of the local commands, without a reflective mapper at
 * start-up: maps (in their order), lists, strings, numbers, booleans and null; snake_case keys are
 * the caller's.
 */
public final class Json {
  private Json() {}

  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(b, value);
    return b.toString();
  }

  private static void write(StringBuilder b, Object value) {
    switch (value) {
      case null -> b.append("null");
      case String s -> string(b, s);
      case Number n -> b.append(n);
      case Boolean bool -> b.append(bool);
      case Map<?, ?> map -> {
        b.append('{');
        Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
        while (it.hasNext()) {
          Map.Entry<?, ?> e = it.next();
          string(b, String.valueOf(e.getKey()));
          b.append(':');
          write(b, e.getValue());
          if (it.hasNext()) {
            b.append(',');
          }
        }
        b.append('}');
      }
      case List<?> list -> {
        b.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            b.append(',');
          }
          write(b, list.get(i));
        }
        b.append(']');
      }
      default -> string(b, value.toString());
    }
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
