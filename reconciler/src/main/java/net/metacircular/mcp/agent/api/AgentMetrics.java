package net.metacircular.mcp.agent.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import net.metacircular.mcp.agent.Version;
import net.metacircular.mcp.agent.apply.Outcome;
import net.metacircular.mcp.agent.plan.Action;
import net.metacircular.mcp.agent.reconcile.CycleResult;
import net.metacircular.mcp.agent.reconcile.ReconcileListener;
import net.metacircular.mcp.agent.registry.ComponentRecord;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.runtime.ContainerState;

/**
 * The agent's Prometheus metrics, fed by the reconcile loop (as its listener) and the API, and the
 * last cycle's outcome for {@code /healthz} and status.
 */
final class AgentMetrics implements ReconcileListener {
  /**
   * How the last cycle ended.
   *
   * @param at when it ended
   * @param error why it failed, when it did
   */
  record LastCycle(Instant at, Optional<String> error) {}

  private final PrometheusMeterRegistry meters =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Registry registry;
  private final Clock clock;
  private final Timer duration;
  private final Counter drift;
  private final Counter fetchFailures;
  private final Map<ContainerState, Long> components = new EnumMap<>(ContainerState.class);
  private final AtomicReference<LastCycle> last = new AtomicReference<>();
  private final ConditionGauges conditions = new ConditionGauges(meters);
  private final SuspendedGauges suspended = new SuspendedGauges(meters);
  private final RolloutMetrics rollouts;
  private final AtomicReference<
          java.util.function.Supplier<net.metacircular.mcp.schema.api.NotifyStatus>>
      notifications =
          new AtomicReference<>(
              () -> new net.metacircular.mcp.schema.api.NotifyStatus(0, 0, 0, 0, 0, ""));

  AgentMetrics(Registry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.rollouts = new RolloutMetrics(meters, registry);
    this.duration =
        Timer.builder("mcp.reconcile.duration")
            .description("How long each reconcile cycle took")
            .register(meters);
    this.drift =
        Counter.builder("mcp.drift")
            .description("Drift found: containers not in their desired state")
            .register(meters);
    this.fetchFailures =
        Counter.builder("mcp.source.fetch.failures")
            .description("Failed fetches of the source")
            .register(meters);
    for (ContainerState s : ContainerState.values()) {
      components.put(s, 0L);
      Gauge.builder("mcp.components", () -> count(s))
          .description("Applied components by their last observed state")
          .tag("state", s.name().toLowerCase(Locale.ROOT))
          .register(meters);
    }
    Gauge.builder("mcp.source.last.success.timestamp", this::lastSuccess)
        .description("When the source was last fetched successfully (unix seconds)")
        .baseUnit("seconds")
        .register(meters);
    Gauge.builder("mcp.source.failing", () -> registry.sourceState().healthy() ? 0 : 1)
        .description("1 while fetches of the source are failing, else 0")
        .register(meters);
    Gauge.builder("mcp.source.failing.since", this::failingSince)
        .description(
            "Since when fetches of the source have been failing (unix seconds); NaN when not")
        .baseUnit("seconds")
        .register(meters);
    for (EventKind k : EventKind.values()) {
      eventCounter(k);
    }
    registry.onEvent(k -> eventCounter(k).increment());
    Gauge.builder("mcp.build.info", () -> 1)
        .description("The agent's version")
        .tag("version", Version.current())
        .register(meters);
    for (String result : new String[] {"accepted", "rejected", "error"}) {
      webhook(result, 0);
    }
  }

  /**
   * Where the notifications' state is read, for status and for {@code
   * mcp_notifications_failed_total}; registered once, when the agent serves.
   */
  void notifications(
      java.util.function.Supplier<net.metacircular.mcp.schema.api.NotifyStatus> status) {
    notifications.set(status);
    io.micrometer.core.instrument.FunctionCounter.builder(
            "mcp.notifications.failed", status, f -> f.get().failed())
        .description("Failed attempts to deliver a notification to a [[notify]] receiver")
        .register(meters);
  }

  /** The notifications' state for status; null when the agent has no receivers. */
  net.metacircular.mcp.schema.api.NotifyStatus notifications() {
    var status = notifications.get().get();
    return status.receivers() == 0 ? null : status;
  }

  private Counter eventCounter(EventKind kind) {
    return Counter.builder("mcp.events")
        .description("Events written to the registry, by kind")
        .tag("kind", kind.word())
        .register(meters);
  }

  private double failingSince() {
    return registry
        .sourceState()
        .errorSince()
        .map(t -> t.toEpochMilli() / 1000.0)
        .orElse(Double.NaN);
  }

  private synchronized long count(ContainerState s) {
    return components.getOrDefault(s, 0L);
  }

  private double lastSuccess() {
    return registry
        .sourceState()
        .lastSuccessAt()
        .map(t -> t.toEpochMilli() / 1000.0)
        .orElse(Double.NaN);
  }

  @Override
  public void cycleFinished(CycleResult result, Duration took) {
    duration.record(took);
    for (Outcome o : result.outcomes()) {
      Counter.builder("mcp.actions")
          .description("Reconcile actions by kind and result")
          .tag("kind", kind(o.action()))
          .tag("result", o.result().name().toLowerCase(Locale.ROOT))
          .register(meters)
          .increment();
      if (isDrift(o.action())) {
        drift.increment();
      }
    }
    last.set(
        new LastCycle(
            clock.instant(),
            result.failed()
                ? Optional.of(
                    result.outcomes().stream()
                        .filter(Outcome::failed)
                        .map(o -> o.action().containerName() + ": " + o.message())
                        .reduce((a, b) -> a + "; " + b)
                        .orElse("an action failed"))
                : Optional.empty()));
  }

  @Override
  public void cycleFailed(Exception error, Duration took) {
    duration.record(took);
    last.set(new LastCycle(clock.instant(), Optional.of(String.valueOf(error.getMessage()))));
  }

  @Override
  public void fetchFailed(String message) {
    fetchFailures.increment();
  }

  void webhook(String result, int amount) {
    Counter.builder("mcp.webhook.requests")
        .description("Webhook requests by result")
        .tag("result", result)
        .register(meters)
        .increment(amount);
  }

  Optional<LastCycle> lastCycle() {
    return Optional.ofNullable(last.get());
  }

  static String kind(Action a) {
    return a.getClass().getSimpleName().toLowerCase(Locale.ROOT);
  }

  private static boolean isDrift(Action a) {
    return switch (a) {
      case Action.Report r -> r.kind() == Action.Report.Kind.DRIFT;
      case Action.Start s -> true;
      case Action.Create c -> c.heal();
      case Action.Recreate r -> r.heal();
      default -> false;
    };
  }

  /**
   * The text exposition, with the component counts and conditions read from the registry just
   * before.
   */
  String scrape() {
    Map<ContainerState, Long> counts = new EnumMap<>(ContainerState.class);
    List<ComponentRecord> applied = registry.allComponents();
    conditions.update(applied, registry.conditions());
    suspended.update(registry, clock);
    rollouts.update(registry);
    for (ComponentRecord c : applied) {
      c.state().ifPresent(s -> counts.merge(s, 1L, Long::sum));
    }
    synchronized (this) {
      for (ContainerState s : ContainerState.values()) {
        components.put(s, counts.getOrDefault(s, 0L));
      }
    }
    return meters.scrape();
  }
}
