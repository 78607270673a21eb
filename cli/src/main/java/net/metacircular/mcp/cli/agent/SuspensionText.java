package net.metacircular.mcp.cli.agent;

import java.time.Instant;
import net.metacircular.mcp.schema.api.SuspensionInfo;

/** How {@code mcp status} words a suspension: who, why, since and until, and how to end it. */
public final class SuspensionText {
  private SuspensionText() {}

  public static String note(String service, SuspensionInfo s, Instant now) {
    Instant at = now == null ? Instant.now() : now;
    String what = "*".equals(s.target()) ? " (the whole node)" : "";
    return service
        + ": suspended"
        + what
        + " by "
        + s.who()
        + " "
        + Fmt.ago(s.since(), at)
        + ", "
        + (s.until() == null ? "until mcp resume" : "until " + Fmt.time(s.until()))
        + ": "
        + s.reason();
  }
}
