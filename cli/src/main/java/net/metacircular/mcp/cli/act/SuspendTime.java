package net.metacircular.mcp.cli.act;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;
import net.metacircular.mcp.cli.DurationConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * When a suspension ends: {@code --for 2h}, {@code --until 2026-03-01T18:00:00Z} (RFC 3339) or
 * {@code --until 18:00} (local time, today, or tomorrow when that has passed), or never.
 */
final class SuspendTime {
  private static final Pattern HH_MM = Pattern.compile("\\d{1,2}:\\d{2}");

  private SuspendTime() {}

  static Optional<Instant> until(String forDuration, String until, Clock clock) {
    if (forDuration != null) {
      Duration d = DurationConverter.parse(forDuration);
      if (d.isZero() || d.isNegative()) {
        throw new TypeConversionException(
            "--for must be longer than 0s; got '" + forDuration + "'");
      }
      // Whole seconds: the time is shown to people (status, events), who need no nanoseconds.
      return Optional.of(clock.instant().plus(d).truncatedTo(ChronoUnit.SECONDS));
    }
    if (until == null) {
      return Optional.empty();
    }
    if (HH_MM.matcher(until).matches()) {
      LocalTime time;
      try {
        time = LocalTime.parse(until.length() == 4 ? "0" + until : until);
      } catch (DateTimeParseException e) {
        throw new TypeConversionException(
            "--until '" + until + "' is not a time of day (HH:MM, 00:00 to 23:59)");
      }
      ZonedDateTime now = ZonedDateTime.now(clock);
      ZonedDateTime at = now.with(time).withSecond(0).withNano(0);
      return Optional.of((at.isAfter(now) ? at : at.plusDays(1)).toInstant());
    }
    try {
      Instant at = OffsetDateTime.parse(until).toInstant();
      if (!at.isAfter(clock.instant())) {
        throw new TypeConversionException("--until " + until + " has passed");
      }
      return Optional.of(at);
    } catch (DateTimeParseException e) {
      throw new TypeConversionException(
          "--until takes RFC 3339 (2026-03-01T18:00:00Z) or HH:MM (local); got '" + until + "'");
    }
  }
}
