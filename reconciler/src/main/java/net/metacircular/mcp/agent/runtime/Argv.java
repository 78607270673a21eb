package net.metacircular.mcp.agent.runtime;

import java.util.ArrayList;
import java.util.List;

/** Argument vectors as they may be shown in errors and logs. */
final class Argv {
  static final String REDACTED = "<redacted>";

  private Argv() {}

  /**
   * The vector with the value of every {@code -e K=V} / {@code --env K=V} replaced, because
   * component environments carry secrets and errors end up in events, logs and API answers.
   */
  static List<String> redacted(List<String> argv) {
    List<String> out = new ArrayList<>(argv.size());
    boolean valueNext = false;
    for (String arg : argv) {
      if (valueNext) {
        out.add(redactAssignment(arg));
        valueNext = false;
      } else if (arg.startsWith("--env=")) {
        out.add("--env=" + redactAssignment(arg.substring("--env=".length())));
      } else {
        out.add(arg);
        valueNext = arg.equals("-e") || arg.equals("--env");
      }
    }
    return out;
  }

  private static String redactAssignment(String assignment) {
    int eq = assignment.indexOf('=');
    return eq < 0 ? assignment : assignment.substring(0, eq + 1) + REDACTED;
  }
}
