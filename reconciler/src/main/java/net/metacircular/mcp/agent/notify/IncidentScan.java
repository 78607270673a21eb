package net.metacircular.mcp.agent.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import net.metacircular.mcp.agent.registry.SourceState;
import net.metacircular.mcp.schema.status.ComponentCondition;
import net.metacircular.mcp.schema.status.ConditionKind;
import net.metacircular.mcp.schema.status.FailureClass;

/**
 * Which incidents are open now, from the components' conditions and the source's state. A failure
 * that may pass by itself (a transient one, drift about to be healed, a fetch that fails once)
 * becomes an incident only once it has lasted a while, so that one bad minute is not a page.
 *
 * <p>Drift is an incident only for a service with self-heal off: with it on, the agent undoes the
 * drift itself, and a heal that fails is a {@code failed} incident of its own.
 *
 * @param openAfter how long a transient failure or drift lasts before it is an incident
 * @param sourceAfter how long fetches fail before the source is an incident
 * @param selfHeals whether the agent heals a service's drift (its {@code self_heal}, else the
 *     agent's)
 */
record IncidentScan(Duration openAfter, Duration sourceAfter, Predicate<String> selfHeals) {

  List<Incident> incidents(List<ComponentCondition> conditions, SourceState source, Instant now) {
    List<Incident> out = new ArrayList<>();
    for (ComponentCondition c : conditions) {
      if (c.kind() == ConditionKind.DRIFT && selfHeals.test(c.service())) {
        continue;
      }
      incident(c, now).ifPresent(out::add);
    }
    if (source.errorSince().isPresent()
        && !source.errorSince().get().plus(sourceAfter).isAfter(now)) {
      out.add(
          Incident.of(
              "",
              "",
              "source_failing",
              source.errorKind().orElse(""),
              "fetching the services repository fails: " + source.lastError().orElse(""),
              Optional.empty(),
              source.errorSince().get()));
    }
    return out;
  }

  private Optional<Incident> incident(ComponentCondition c, Instant now) {
    ConditionKind kind = c.kind();
    boolean lasted = !c.since().plus(openAfter).isAfter(now);
    String cause = kind.word();
    boolean open;
    switch (kind) {
      case FAILED -> {
        boolean permanent =
            c.condition()
                .failure()
                .map(f -> f.failureClass() == FailureClass.PERMANENT)
                .orElse(false);
        open = permanent || lasted;
        cause = c.condition().failure().map(f -> f.action()).orElse(cause);
      }
      case DRIFT -> open = lasted;
      case CRASH_LOOP, QUARANTINED, CONFLICT, SUSPENDED -> open = true;
      default -> open = false;
    }
    if (!open) {
      return Optional.empty();
    }
    return Optional.of(
        Incident.of(
            c.service(),
            c.component(),
            kind.word(),
            cause,
            c.condition().detail(),
            c.condition().commit(),
            c.since()));
  }
}
