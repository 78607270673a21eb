package net.metacircular.mcp.agent.reconcile;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import net.metacircular.mcp.agent.source.SourceException;

/**
 * What the loop says about a failing source, so that a remote down for a day is a few lines and not
 * one per poll: one WARN when the source starts failing or the kind or reason of its failure
 * changes, a WARN reminder at most every {@code reminder} while it goes on, one INFO when a fetch
 * succeeds again, saying for how long it failed. It returns the lines rather than logging them.
 */
final class SourceFailureLog {
  /** A line to log. */
  record Line(boolean warn, String text) {
    Line {
      Objects.requireNonNull(text, "text");
    }
  }

  private final Clock clock;
  private final Duration reminder;
  private Instant failingSince;
  private SourceException.Kind kind;
  private String reason;
  private Instant lastLine;

  SourceFailureLog(Clock clock, Duration reminder) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.reminder = Objects.requireNonNull(reminder, "reminder");
  }

  /** A fetch of {@code source} failed with {@code e}: the line to log, if any. */
  synchronized Optional<Line> failed(String source, SourceException e) {
    Instant now = clock.instant();
    String why = Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
    if (failingSince == null) {
      failingSince = now;
      remember(e.kind(), why, now);
      return Optional.of(
          new Line(true, why + " (source " + source + " failing, " + e.kind().word() + ")"));
    }
    if (e.kind() != kind || !why.equals(reason)) {
      remember(e.kind(), why, now);
      return Optional.of(
          new Line(
              true,
              why
                  + " (source "
                  + source
                  + " failing since "
                  + since()
                  + ", now "
                  + e.kind().word()
                  + ")"));
    }
    if (Duration.between(lastLine, now).compareTo(reminder) >= 0) {
      lastLine = now;
      return Optional.of(
          new Line(
              true,
              "source "
                  + source
                  + " still failing after "
                  + human(Duration.between(failingSince, now))
                  + " (since "
                  + since()
                  + ", "
                  + kind.word()
                  + "): "
                  + why));
    }
    return Optional.empty();
  }

  /** A fetch of {@code source} succeeded: the line to log if it had been failing. */
  synchronized Optional<Line> succeeded(String source) {
    if (failingSince == null) {
      return Optional.empty();
    }
    Duration down = Duration.between(failingSince, clock.instant());
    String text =
        "source "
            + source
            + " fetched again after failing for "
            + human(down)
            + " (since "
            + since()
            + ", last "
            + kind.word()
            + ": "
            + reason
            + ")";
    failingSince = null;
    kind = null;
    reason = null;
    lastLine = null;
    return Optional.of(new Line(false, text));
  }

  private void remember(SourceException.Kind k, String why, Instant now) {
    kind = k;
    reason = why;
    lastLine = now;
  }

  private String since() {
    return failingSince.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** {@code 1h2m}, {@code 5m30s}, {@code 12s}: for people, to the second. */
  static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    StringBuilder b = new StringBuilder();
    if (s >= 86_400) {
      b.append(s / 86_400).append('d');
      s %= 86_400;
    }
    if (s >= 3600) {
      b.append(s / 3600).append('h');
      s %= 3600;
    }
    if (s >= 60) {
      b.append(s / 60).append('m');
      s %= 60;
    }
    if (s > 0 || b.isEmpty()) {
      b.append(s).append('s');
    }
    return b.toString();
  }
}
