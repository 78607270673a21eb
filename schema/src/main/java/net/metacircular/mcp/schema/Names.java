package net.metacircular.mcp.schema;

import java.util.regex.Pattern;

/**
 * The rule of service, node and component names, the one contract every module checks names against
 * (service files, the agent's config, the registry, the API, the CLI): they become container names,
 * DNS labels and paths.
 */
public final class Names {
  /** The rule as a regular expression, for messages. */
  public static final String RULE = "[a-z0-9][a-z0-9-]{0,62}";

  /** The rule. */
  public static final Pattern VALID = Pattern.compile(RULE);

  /** What a valid name looks like, in words. */
  public static final String EXPECTED =
      "expected lower-case letters, digits and '-', starting with a letter or digit, at most 63"
          + " characters";

  private Names() {}

  /** Whether {@code name} is a valid service, node or component name (null is not). */
  public static boolean isValid(String name) {
    return name != null && VALID.matcher(name).matches();
  }

  /** Checks the name under {@code key}; false (and an error) if it is not valid. */
  static boolean check(Fields f, String key, String name) {
    if (VALID.matcher(name).matches()) {
      return true;
    }
    f.error(key, EXPECTED + "; got " + TomlValues.quote(name));
    return false;
  }
}
