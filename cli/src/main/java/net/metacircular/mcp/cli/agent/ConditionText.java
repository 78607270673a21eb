package net.metacircular.mcp.cli.agent;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.metacircular.mcp.schema.api.ComponentStatus;

/**
 * A component's typed condition for people: {@code failed (permanent, 3 attempts): image … cannot
 * be pulled: …; next try 14:32Z}, {@code failed (transient): …; retrying in 2m}, {@code drift: …}.
 */
public final class ConditionText {
  private static final DateTimeFormatter HOUR_MINUTE =
      DateTimeFormatter.ofPattern("HH:mm'Z'").withZone(ZoneOffset.UTC);

  private ConditionText() {}

  /**
   * The condition in a line, {@code now} being the agent's time; from an agent older than typed
   * conditions, its condition string.
   */
  public static String of(ComponentStatus c, Instant now) {
    if (c.conditionKind() == null) {
      return c.condition() == null ? "ok" : c.condition();
    }
    StringBuilder s = new StringBuilder(c.conditionKind().replace('_', ' '));
    if (c.failureClass() != null) {
      s.append(" (").append(c.failureClass());
      if (c.attempts() != null && c.attempts() > 1) {
        s.append(", ").append(c.attempts()).append(" attempts");
      }
      s.append(')');
    }
    if (c.conditionDetail() != null && !c.conditionDetail().isEmpty()) {
      s.append(": ").append(c.conditionDetail());
    }
    if (c.nextRetry() != null) {
      s.append("; ").append(retry(c, now));
    }
    return s.toString();
  }

  /**
   * {@code next try 14:32Z} for a permanent failure, {@code retrying in 2m} for a transient one.
   */
  static String retry(ComponentStatus c, Instant now) {
    if ("permanent".equals(c.failureClass())) {
      return "next try " + HOUR_MINUTE.format(c.nextRetry());
    }
    long seconds = Duration.between(now, c.nextRetry()).toSeconds();
    return seconds <= 0 ? "retrying now" : "retrying in " + Fmt.duration(seconds);
  }
}
