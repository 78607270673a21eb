package net.metacircular.mcp.agent.source;

import java.time.Instant;
import java.util.Objects;

/**
 * The commit a git snapshot was read from, for status and events.
 *
 * @param id the full commit id (40 hex digits)
 * @param author the author's name and address, {@code Name <mail>}
 * @param time when the commit was made (committer time)
 * @param subject the first line of the commit message
 */
public record CommitInfo(String id, String author, Instant time, String subject) {
  public CommitInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(subject, "subject");
  }

  /** The abbreviated id people read: the first 12 hex digits. */
  public String shortId() {
    return id.length() > 12 ? id.substring(0, 12) : id;
  }
}
