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

  public static Duration parse(String value) {
    return Durations.parse(value)
        .orElseThrow(
            () ->
                new TypeConversionException(
                    "expected a duration such as 500ms, 30s, 2m or 1m30s; got '" + value + "'"));
  }
}
