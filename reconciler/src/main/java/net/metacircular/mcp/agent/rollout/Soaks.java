package net.metacircular.mcp.agent.rollout;

import static net.metacircular.mcp.agent.rollout.Rollouts.hashes;
import static net.metacircular.mcp.agent.rollout.Rollouts.shortCommit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.metacircular.mcp.agent.plan.DesiredService;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.runtime.ObservedContainer;

/**
 * The soaks in progress: begun with their containers' baseline once a deploy went through its
 * health gate, watched by the loop (abandoned for a newer commit, failed, passed), and taken up
 * again after an agent restart.
 */
final class Soaks {
  private final RolloutStore store;
  private final Registry registry;
  private final Clock clock;
  private final Duration defaultSoak;
  private final SoakJudge judge;
  private final Verdicts verdicts;
  private final Map<String, Soak> soaks = new ConcurrentHashMap<>();

  Soaks(
      RolloutStore store,
      Registry registry,
      Clock clock,
      Duration defaultSoak,
      SoakJudge judge,
      Verdicts verdicts) {
    this.store = store;
    this.registry = registry;
    this.clock = clock;
    this.defaultSoak = defaultSoak;
    this.judge = judge;
    this.verdicts = verdicts;
  }

  /** The services soaking now. */
  Set<String> services() {
    return soaks.keySet();
  }

  /** A deploy went through its health gate: soak it, or with no soak it is healthy now. */
  void begin(DesiredService d, Map<String, ObservedContainer> byName, Instant now) {
    String name = d.spec().name();
    Duration soak = d.spec().rollout().soak(defaultSoak);
    if (soak.isZero()) {
      end(name);
      verdicts.passed(new LastHealthy(name, d.commit(), d.spec().components()), now);
      return;
    }
    Soak s = soak(d, judge.baseline(d.spec(), byName), now, now.plus(soak));
    soaks.put(name, s);
    store.putBaseline(name, s.baseline());
    store.putState(
        new RolloutState(
            name,
            Phase.SOAKING,
            d.commit(),
            now,
            Optional.of(now.plus(soak)),
            Optional.empty(),
            Optional.empty()));
  }

  private static Soak soak(
      DesiredService d, Map<String, Soak.Baseline> baseline, Instant since, Instant until) {
    return new Soak(
        d.spec().name(), d.commit(), hashes(d.spec()), since, until, baseline, Map.of(), Map.of());
  }

  /**
   * After an agent restart, a soak the registry says is in progress is taken up again with its time
   * left and its baseline as it began (a soak begun before V008 kept none: its containers now).
   */
  void resume(DesiredService d, RolloutState state, Map<String, ObservedContainer> byName) {
    String name = d.spec().name();
    if (state != null
        && state.phase() == Phase.SOAKING
        && !soaks.containsKey(name)
        && state.until().isPresent()) {
      Map<String, Soak.Baseline> kept = store.baseline(name);
      Map<String, Soak.Baseline> baseline =
          kept.isEmpty() ? judge.baseline(d.spec(), byName) : kept;
      soaks.put(name, soak(d, baseline, state.since(), state.until().get()));
    }
  }

  /** One look at a soaking service: abandoned, failed, passed, or still soaking. */
  void watch(DesiredService d, Map<String, ObservedContainer> byName) {
    String name = d.spec().name();
    Soak soak = soaks.get(name);
    if (soak == null) {
      return;
    }
    Instant now = clock.instant();
    if (!soak.hashes().equals(hashes(d.spec()))) {
      end(name);
      registry.appendEvent(
          NewEvent.ofService(
                  EventKind.ABANDONED,
                  name,
                  "abandoned the soak of "
                      + name
                      + " at "
                      + shortCommit(soak.commit())
                      + ": commit "
                      + shortCommit(d.commit())
                      + " changes it")
              .withCommit(d.commit()));
      return;
    }
    Optional<String> failure = judge.failure(soak, d.spec(), byName, now);
    if (failure.isPresent()) {
      end(name);
      verdicts.failed(d, soak.commit(), soak.hashes(), failure.get(), now);
    } else if (!now.isBefore(soak.until())) {
      end(name);
      verdicts.passed(new LastHealthy(name, soak.commit(), d.spec().components()), now);
      registry.appendEvent(
          NewEvent.ofService(
                  EventKind.SOAK_PASSED,
                  name,
                  name
                      + " passed its soak of "
                      + Durations.seconds(Duration.between(soak.since(), soak.until()))
                      + " at "
                      + shortCommit(soak.commit())
                      + ": it is the last healthy spec now")
              .withCommit(soak.commit()));
    }
  }

  /** The soak of {@code name} is over (passed, failed, abandoned or not needed). */
  private void end(String name) {
    if (soaks.remove(name) != null) {
      store.removeBaseline(name);
    }
  }

  /** Forgets the soak of a service no longer declared (the store forgets its baseline). */
  void forget(String service) {
    soaks.remove(service);
  }

  /** Soak lengths for messages. */
  private static final class Durations {
    static String seconds(Duration d) {
      return net.metacircular.mcp.schema.Durations.format(d);
    }
  }
}
