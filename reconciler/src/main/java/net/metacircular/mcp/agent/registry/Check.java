package net.metacircular.mcp.agent.registry;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;
import net.metacircular.mcp.schema.Names;

/** Argument checks for the records' compact constructors; each failure names the field. */
final class Check {
  /** A git commit id: hex, abbreviated or full (SHA-1 or SHA-256). */
  static final Pattern COMMIT = Pattern.compile("[0-9a-f]{4,64}");

  private Check() {}

  static <T> T present(String field, T value) {
    if (value == null) {
      throw RegistryException.invalid(field + " is missing (null); pass a value");
    }
    return value;
  }

  static String name(String field, String value) {
    present(field, value);
    if (!Names.isValid(value)) {
      throw RegistryException.invalid(
          field + " \"" + value + "\" is not a valid name; use " + Names.RULE);
    }
    return value;
  }

  static String commit(String field, String value) {
    present(field, value);
    if (!COMMIT.matcher(value).matches()) {
      throw RegistryException.invalid(
          field
              + " \""
              + value
              + "\" is not a git commit id; pass lower-case hex (4 to 64 digits)");
    }
    return value;
  }

  static String text(String field, String value) {
    present(field, value);
    if (value.isBlank()) {
      throw RegistryException.invalid(field + " is blank; pass a non-empty text");
    }
    return value;
  }

  static <T> Optional<T> optional(String field, Optional<T> value) {
    return present(field, value);
  }

  /** Both present or both absent: a value and the time it was set. */
  static void paired(String field, Optional<?> value, String timeField, Optional<Instant> time) {
    present(field, value);
    present(timeField, time);
    if (value.isPresent() != time.isPresent()) {
      throw RegistryException.invalid(
          field + " and " + timeField + " must be both present or both absent");
    }
  }
}
