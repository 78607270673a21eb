package net.metacircular.mcp.schema;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.tomlj.TomlTable;

/** Reads {@code [components.health]}: podman's healthcheck. */
final class HealthReader {
  static final List<String> KEYS = List.of("cmd", "interval", "retries", "start_period", "timeout");

  private HealthReader() {}

  /** The component's healthcheck; empty if it has none or it has errors (then reported). */
  static Optional<HealthSpec> read(Fields component) {
    Optional<TomlTable> table = component.table("health");
    if (table.isEmpty()) {
      return Optional.empty();
    }
    Fields f = component.child("health", table.get());
    int before = f.problems().count();
    KeyCheck.rejectUnknown(f, KEYS);
    if (f.raw("cmd").isEmpty()) {
      f.missing(
          "cmd", "add cmd = [\"curl\", \"-f\", \"http://127.0.0.1:8080/healthz\"] or similar");
    }
    List<String> cmd = f.strings("cmd").orElse(List.of());
    if (cmd.isEmpty()
        && f.raw("cmd").filter(v -> TomlValues.describe(v).equals("[]")).isPresent()) {
      f.error("cmd", "expected a non-empty array of strings (the check's command); got []");
    }
    Duration interval =
        f.duration("interval", Duration.ofSeconds(1)).orElse(HealthSpec.DEFAULT_INTERVAL);
    int retries = retries(f);
    Duration startPeriod =
        f.duration("start_period", Duration.ZERO).orElse(HealthSpec.DEFAULT_START_PERIOD);
    Duration timeout =
        f.duration("timeout", Duration.ofSeconds(1)).orElse(HealthSpec.DEFAULT_TIMEOUT);
    if (f.problems().count() != before) {
      return Optional.empty();
    }
    return Optional.of(new HealthSpec(cmd, interval, retries, startPeriod, timeout));
  }

  private static int retries(Fields f) {
    Optional<Long> retries = f.integer("retries");
    if (retries.isPresent() && (retries.get() < 1 || retries.get() > 1000)) {
      f.error("retries", "expected an integer from 1 to 1000; got " + retries.get());
      return HealthSpec.DEFAULT_RETRIES;
    }
    return retries.map(Long::intValue).orElse(HealthSpec.DEFAULT_RETRIES);
  }
}
