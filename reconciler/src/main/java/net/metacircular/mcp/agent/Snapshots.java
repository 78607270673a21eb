package net.metacircular.mcp.agent;

import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Names database snapshots {@code mcp-<UTC timestamp>.db}, so that they sort by time. */
final class Snapshots {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Snapshots() {}

  static Path next(Path backups, Clock clock) {
    return backups.resolve("mcp-" + STAMP.format(clock.instant()) + ".db");
  }
}
