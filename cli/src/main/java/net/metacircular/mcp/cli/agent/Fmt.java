package net.metacircular.mcp.cli.agent;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times, durations and commits for people. */
public final class Fmt {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private Fmt() {}

  /** {@code 5d3h}, {@code 2h10m}, {@code 4m12s}, {@code 9s}. */
  public static String duration(long seconds) {
    if (seconds < 0) {
      seconds = 0;
    }
    long d = seconds / 86400;
    long h = seconds % 86400 / 3600;
    long m = seconds % 3600 / 60;
    long s = seconds % 60;
    if (d > 0) {
      return d + "d" + (h > 0 ? h + "h" : "");
    }
    if (h > 0) {
      return h + "h" + (m > 0 ? m + "m" : "");
    }
    if (m > 0) {
      return m + "m" + (s > 0 ? s + "s" : "");
    }
    return s + "s";
  }

  /** {@code 12s ago}, or {@code never}. */
  public static String ago(Instant at, Instant now) {
    if (at == null) {
      return "never";
    }
    return duration(Duration.between(at, now).toSeconds()) + " ago";
  }

  public static String time(Instant at) {
    return at == null ? "" : TIME.format(at);
  }

  /** The first 7 characters of a commit, or {@code -}. */
  public static String commit(String hash) {
    if (hash == null || hash.isEmpty()) {
      return "-";
    }
    return hash.length() > 7 ? hash.substring(0, 7) : hash;
  }

  public static String orDash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }
}
