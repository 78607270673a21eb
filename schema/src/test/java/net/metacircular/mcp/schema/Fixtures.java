package net.metacircular.mcp.schema;

import java.util.List;

/** Service files for tests; line numbers in assertions count from these texts. */
final class Fixtures {
  private Fixtures() {}

  /** Lines 1-6; a key appended to it lands on line 7 in the component {@code app}. */
  static final String MINIMAL =
      """
      name = "svc"
      node = "rift"

      [[components]]
      name = "app"
      image = "registry.example.net/app:1"
      """;

  static ParseResult parse(String text) {
    return new ServiceParser().parse("svc.toml", text);
  }

  /** The rendered errors of the minimal file with {@code lines} added to its component. */
  static List<String> componentErrors(String lines) {
    return errors(MINIMAL + lines);
  }

  static List<String> errors(String text) {
    return parse(text).errors().stream().map(SpecError::toString).toList();
  }
}
