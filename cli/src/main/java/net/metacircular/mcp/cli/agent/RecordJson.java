package net.metacircular.mcp.cli.agent;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an agent's answer into a schema api record without Jackson, whose start (the mapper, its
 * modules, the introspection of each record) cost about 230 ms of CPU in every {@code mcp ps} and
 * {@code mcp status} (docs/benchmarks.md). It reads only what it is sure of, as {@link ApiMapper}
 * would: snake_case names, unknown fields ignored, a missing or null field null (0 or false for a
 * primitive), strings, booleans, integers in range, ISO-8601 instants, lists and nested records.
 * Anything else (another field type, a number for a string, a malformed answer) gives empty, and
 * the caller reads the answer with Jackson as before: its result, or its error message.
 */
public final class RecordJson {
  private RecordJson() {}

  /** Not what this reader is sure of: Jackson's turn. */
  private static final class Unsure extends Exception {
    private static final long serialVersionUID = 1L;

    Unsure() {
      super(null, null, false, false);
    }
  }

  /** The record read from {@code json}, or empty when Jackson is to read it. */
  public static <T> Optional<T> read(byte[] json, Class<T> type) {
    if (!type.isRecord()) {
      return Optional.empty();
    }
    try {
      Object tree = new JsonText(new String(json, StandardCharsets.UTF_8)).document();
      return Optional.of(type.cast(value(tree, type)));
    } catch (Unsure | JsonText.Malformed e) {
      return Optional.empty();
    }
  }

  private static Object value(Object tree, Type type) throws Unsure {
    if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
      if (tree == null) {
        return null;
      }
      if (!(tree instanceof List<?> items)) {
        throw new Unsure();
      }
      List<Object> out = new ArrayList<>(items.size());
      for (Object item : items) {
        out.add(value(item, p.getActualTypeArguments()[0]));
      }
      return out;
    }
    if (!(type instanceof Class<?> c)) {
      throw new Unsure();
    }
    if (c.isPrimitive()) {
      return tree == null ? primitiveDefault(c) : scalar(tree, c);
    }
    if (tree == null) {
      return null;
    }
    if (c.isRecord()) {
      return record(tree, c);
    }
    return scalar(tree, c);
  }

  private static Object scalar(Object tree, Class<?> c) throws Unsure {
    if (c == String.class && tree instanceof String s) {
      return s;
    }
    if ((c == boolean.class || c == Boolean.class) && tree instanceof Boolean b) {
      return b;
    }
    if ((c == long.class || c == Long.class) && tree instanceof Long l) {
      return l;
    }
    if ((c == int.class || c == Integer.class)
        && tree instanceof Long l
        && l == (long) l.intValue()) {
      return l.intValue();
    }
    if (c == Instant.class && tree instanceof String s) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        throw new Unsure();
      }
    }
    throw new Unsure();
  }

  private static Object primitiveDefault(Class<?> c) throws Unsure {
    if (c == boolean.class) {
      return false;
    }
    if (c == long.class) {
      return 0L;
    }
    if (c == int.class) {
      return 0;
    }
    throw new Unsure();
  }

  private static Object record(Object tree, Class<?> c) throws Unsure {
    if (!(tree instanceof Map<?, ?> fields)) {
      throw new Unsure();
    }
    RecordComponent[] components = c.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      args[i] =
          value(fields.get(snakeCase(components[i].getName())), components[i].getGenericType());
    }
    try {
      Constructor<?> canonical = c.getDeclaredConstructor(types);
      return canonical.newInstance(args);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // a compact constructor that refuses, or one not accessible: Jackson says what it says
      throw new Unsure();
    }
  }

  /** Jackson's {@code PropertyNamingStrategies.SNAKE_CASE}, as {@link ApiMapper} names fields. */
  static String snakeCase(String name) {
    StringBuilder out = new StringBuilder(name.length() + 4);
    boolean previousUpper = false;
    for (int i = 0; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (i == 0 && ch == '_') {
        continue;
      }
      if (Character.isUpperCase(ch)) {
        if (!previousUpper && out.length() > 0 && out.charAt(out.length() - 1) != '_') {
          out.append('_');
        }
        ch = Character.toLowerCase(ch);
        previousUpper = true;
      } else {
        previousUpper = false;
      }
      out.append(ch);
    }
    return out.toString();
  }
}
