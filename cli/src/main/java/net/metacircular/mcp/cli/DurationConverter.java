package net.metacircular.mcp.cli;

import java.time.Duration;
import net.metacircular.mcp.schema.Durations;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations as service files write them: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h30m}. */
public final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  /**
   * picocli's usage error for an option's value, thrown by code of the command: created here, in a
   * class that implements picocli's interface and so is never in the start-up archives, because a
   * {@code throw new TypeConversionException} in an archived class makes the JDK 25 AOT cache load
   * picocli's jar at every start, to check that the exception is a {@code Throwable}.
   */
  public static RuntimeException invalid(String message) {
    return new TypeConversionException(message);
  }

  public static Duration parse(String value) {
    return Durations.parse(value)
        .orElseThrow(
            () ->
                new TypeConversionException(
                    "expected a duration such as 500ms, 30s, 2m or 1m30s; got '" + value + "'"));
  }
}
