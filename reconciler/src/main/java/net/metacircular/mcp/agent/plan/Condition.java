package net.metacircular.mcp.agent.plan;

/**
 * Keys of the conditions a component can be reported in. A condition is a short stable string (kind
 * plus what it is about), compared with the one last reported to decide whether a report is news.
 */
public final class Condition {
  public static final String OK = "ok";

  /**
   * Kept stopped because its service is inactive: what tells the planner, once the service is
   * active again, that starting it is desired state and not a heal that {@code self_heal = false}
   * forbids.
   */
  public static final String INACTIVE = "inactive";

  /** Starting it after its service was made active failed; the next cycle tries again. */
  public static final String ACTIVATE_FAILED = "failed:activate";

  private Condition() {}

  static String of(Action.Report.Kind kind, String detail) {
    return kind.word() + ":" + detail;
  }
}
