package net.metacircular.mcp.agent.plan;

/**
 * Keys of the conditions a component can be reported in. A condition is a short stable string (kind
 * plus what it is about), compared with the one last reported to decide whether a report is news.
 */
public final class Condition {
  public static final String OK = "ok";

  private Condition() {}

  static String of(Action.Report.Kind kind, String detail) {
    return kind.word() + ":" + detail;
  }
}
