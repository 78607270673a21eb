package net.metacircular.mcp.schema;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.tomlj.TomlTable;

/** Reads {@code [rollout]}: the soak after a deploy, and what its failure does. */
final class RolloutReader {
  static final List<String> KEYS = List.of("soak", "on_failure");

  private RolloutReader() {}

  /** The service's rollout settings; the defaults when it has no table or the table has errors. */
  static RolloutSpec read(Fields service) {
    Optional<TomlTable> table = service.table("rollout");
    if (table.isEmpty()) {
      return RolloutSpec.DEFAULT;
    }
    Fields f = service.child("rollout", table.get());
    KeyCheck.rejectUnknown(f, KEYS);
    Optional<Duration> soak = f.duration("soak", Duration.ZERO);
    Optional<String> word = f.string("on_failure");
    Optional<RolloutSpec.OnFailure> onFailure = word.flatMap(RolloutSpec.OnFailure::parse);
    if (word.isPresent() && onFailure.isEmpty()) {
      f.error("on_failure", "expected one of rollback, stay; got " + TomlValues.quote(word.get()));
    }
    return new RolloutSpec(soak, onFailure.orElse(RolloutSpec.OnFailure.ROLLBACK));
  }
}
