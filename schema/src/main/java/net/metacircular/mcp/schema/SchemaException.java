package net.metacircular.mcp.schema;

import java.util.List;

/** The one exception root of this module: a service file was used as valid when it was not. */
public class SchemaException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<SpecError> errors;

  public SchemaException(List<SpecError> errors) {
    super(render(errors));
    this.errors = List.copyOf(errors);
  }

  public List<SpecError> errors() {
    return errors;
  }

  private static String render(List<SpecError> errors) {
    StringBuilder b = new StringBuilder();
    for (SpecError e : errors) {
      b.append(b.isEmpty() ? "" : "\n").append(e);
    }
    return b.toString();
  }
}
