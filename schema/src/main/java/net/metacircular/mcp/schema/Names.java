package net.metacircular.mcp.schema;

import java.util.regex.Pattern;

/** Service, node and component names: they become container names, DNS labels and paths. */
final class Names {
  static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  static final String EXPECTED =
      "expected lower-case letters, digits and '-', starting with a letter or digit, at most 63"
          + " characters";

  private Names() {}

  /** Checks the name under {@code key}; false (and an error) if it is not valid. */
  static boolean check(Fields f, String key, String name) {
    if (VALID.matcher(name).matches()) {
      return true;
    }
    f.error(key, EXPECTED + "; got " + TomlValues.quote(name));
    return false;
  }
}
