package net.metacircular.mcp.agent.reconcile;

import java.util.List;
import java.util.Objects;

/**
 * A service file refused at a revision. The service keeps its last good spec, if it has one.
 *
 * @param service the service the file is named for
 * @param file the file name
 * @param errors each {@code file:line:column: key: message}
 * @param keptLastGood whether the service goes on with its last good spec
 */
public record Rejection(String service, String file, List<String> errors, boolean keptLastGood) {
  public Rejection {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(file, "file");
    errors = List.copyOf(errors);
  }

  /** One line for status and events. */
  public String message() {
    return String.join("; ", errors)
        + (keptLastGood ? " (keeping the last good spec)" : " (not applied)");
  }
}
