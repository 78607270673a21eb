package net.metacircular.mcp.agent.events;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.runtime.RuntimeEvent;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.ConditionKind;
import net.metacircular.mcp.schema.status.Failure;
import net.metacircular.mcp.schema.status.FailureClass;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Containers that keep dying. podman's own restart policy restarts a dying container at once, with
 * no backoff; so does a heal. After {@link CrashLoopPolicy#deaths} deaths within its window the
 * component is {@code crash_loop}: the agent stops the container (which ends podman's restarts,
 * since podman counts a stop as the user's) and starts it again itself after a backoff that doubles
 * with each start that dies again. Its condition carries the exit code, the last lines of its
 * output and when the next start is due; every change is one event. A start that stays up {@link
 * CrashLoopPolicy#stable} ends the loop. While a component is in a crash loop the planner leaves it
 * to this class (no heal, no "condition cleared").
 */
public final class CrashLoops {
  private static final Logger LOG = LoggerFactory.getLogger(CrashLoops.class);
  private static final int LOG_LINES = 5;

  /** What the crash-loop handling does to a container (through the agent's runtime). */
  public interface Actions {
    void stop(String container);

    void start(String container);

    /** The last lines of its output; best effort. */
    String lastLines(String container, int lines);
  }

  private static final class Loop {
    final String service;
    final String component;
    final Deque<Instant> deaths = new ArrayDeque<>();
    Instant stoppedFromOutside = Instant.MIN;
    boolean looping;
    boolean started;
    int attempts;
    Instant since;
    Instant nextStart;
    Instant startedAt;

    Loop(String service, String component) {
      this.service = service;
      this.component = component;
    }
  }

  private final CrashLoopPolicy policy;
  private final Registry registry;
  private final Actions actions;
  private final Clock clock;
  private final Map<String, Loop> loops = new HashMap<>();

  public CrashLoops(CrashLoopPolicy policy, Registry registry, Actions actions, Clock clock) {
    this.policy = policy;
    this.registry = registry;
    this.actions = actions;
    this.clock = clock;
  }

  /** How long after someone's {@code podman stop} or {@code kill} its death is theirs, no crash. */
  static final Duration STOP_TO_DEATH = Duration.ofSeconds(30);

  /**
   * Someone other than the agent stopped or killed the container ({@code stop} or {@code kill}
   * event): the death that follows is theirs, not a crash, and does not count towards a loop.
   */
  public synchronized void stoppedFromOutside(String service, String component, RuntimeEvent e) {
    loops.computeIfAbsent(e.name(), k -> new Loop(service, component)).stoppedFromOutside =
        e.time();
  }

  /**
   * A managed container died (not by the agent's stop).
   *
   * @return true when it is in a crash loop now: its start is this class's business, no heal
   */
  public synchronized boolean died(String service, String component, RuntimeEvent e) {
    String container = e.name();
    Instant now = clock.instant();
    Loop loop = loops.computeIfAbsent(container, k -> new Loop(service, component));
    boolean stopped = !e.time().isAfter(loop.stoppedFromOutside.plus(STOP_TO_DEATH));
    loop.stoppedFromOutside = Instant.MIN;
    if (stopped && !loop.looping) {
      return false; // someone's podman stop or kill: drift to heal, not a crash
    }
    if (loop.looping) {
      if (loop.started) {
        loop.started = false;
        loop.attempts++;
        stopAndWait(loop, container, e, now, "died again after its start");
      } else {
        // It died again while the agent holds it stopped: podman restarted it. A stop that lands
        // while the container is between two of podman's restarts (already exited) does not end
        // them (podman 4.3.1), so stop it again until one lands while it runs.
        stop(container);
      }
      return true;
    }
    loop.deaths.addLast(now);
    while (!loop.deaths.isEmpty() && loop.deaths.peekFirst().isBefore(now.minus(policy.window()))) {
      loop.deaths.removeFirst();
    }
    if (loop.deaths.size() < policy.deaths()) {
      return false;
    }
    loop.looping = true;
    loop.attempts = 1;
    loop.since = now;
    stopAndWait(
        loop,
        container,
        e,
        now,
        "died " + loop.deaths.size() + " times in " + human(policy.window()));
    return true;
  }

  private void stopAndWait(Loop loop, String container, RuntimeEvent e, Instant now, String what) {
    Duration wait = policy.backoff(loop.attempts);
    loop.nextStart = now.plus(wait);
    String detail =
        "crash loop: "
            + container
            + " "
            + what
            + " (exit code "
            + e.exitCode().orElse(-1)
            + (e.oomKilled() ? ", OOMKilled: out of memory" : "")
            + "); the agent starts it again at "
            + loop.nextStart
            + " (in "
            + human(wait)
            + ", start "
            + loop.attempts
            + "); last lines: "
            + lastLines(container);
    registry.setCondition(
        loop.service,
        loop.component,
        new Condition(
            ConditionKind.CRASH_LOOP,
            detail,
            Optional.empty(),
            Optional.of(
                new Failure(
                    FailureClass.TRANSIENT,
                    "start",
                    loop.attempts,
                    now,
                    Optional.of(loop.nextStart)))));
    registry.appendEvent(
        NewEvent.ofComponent(EventKind.FAILED, loop.service, loop.component, detail));
    LOG.warn("{}", detail);
    stop(container); // podman may have restarted it already: this ends its restarts
  }

  private void stop(String container) {
    try {
      actions.stop(container);
    } catch (RuntimeException ex) {
      LOG.warn("cannot stop {} in its crash loop: {}", container, ex.getMessage());
    }
  }

  private String lastLines(String container) {
    try {
      List<String> lines = actions.lastLines(container, LOG_LINES).strip().lines().toList();
      return lines.isEmpty() ? "(none)" : String.join(" | ", lines);
    } catch (RuntimeException ex) {
      return "(cannot read its logs: " + ex.getMessage() + ")";
    }
  }

  /**
   * Starts the containers whose backoff is over and ends the loops of those that stayed up: called
   * every second by the agent (and by tests after moving their clock).
   */
  public synchronized void tick() {
    Instant now = clock.instant();
    for (var it = loops.entrySet().iterator(); it.hasNext(); ) {
      var entry = it.next();
      String container = entry.getKey();
      Loop loop = entry.getValue();
      if (!loop.looping) {
        loop.deaths.removeIf(t -> t.isBefore(now.minus(policy.window())));
        if (loop.deaths.isEmpty() && now.isAfter(loop.stoppedFromOutside.plus(STOP_TO_DEATH))) {
          it.remove();
        }
      } else if (!loop.started && !now.isBefore(loop.nextStart)) {
        if (!stillLooping(loop)) {
          // The service was made inactive (mcp stop) or its condition replaced by a deploy: the
          // reconcile owns the container again; starting it here would undo that.
          LOG.info("crash loop of {} dropped: its condition is no longer crash_loop", container);
          it.remove();
          continue;
        }
        start(loop, container, now);
      } else if (loop.started && !now.isBefore(loop.startedAt.plus(policy.stable()))) {
        String message =
            "crash loop over: "
                + container
                + " has run for "
                + human(policy.stable())
                + " since start "
                + loop.attempts;
        registry.setCondition(loop.service, loop.component, Condition.OK);
        registry.appendEvent(
            NewEvent.ofComponent(EventKind.HEALED, loop.service, loop.component, message));
        LOG.info("{}", message);
        it.remove();
      }
    }
  }

  private boolean stillLooping(Loop loop) {
    return registry
        .condition(loop.service, loop.component)
        .map(c -> c.condition().is(ConditionKind.CRASH_LOOP))
        .orElse(false);
  }

  private void start(Loop loop, String container, Instant now) {
    loop.started = true;
    loop.startedAt = now;
    try {
      actions.start(container);
      registry.appendEvent(
          NewEvent.ofComponent(
              EventKind.STARTED,
              loop.service,
              loop.component,
              "started "
                  + container
                  + " after its crash-loop backoff (start "
                  + loop.attempts
                  + ")"));
    } catch (RuntimeException ex) {
      // Gone or refused: the next start waits a longer backoff; the reconcile reports the rest.
      loop.started = false;
      loop.attempts++;
      loop.nextStart = now.plus(policy.backoff(loop.attempts));
      LOG.warn("cannot start {} after its crash-loop backoff: {}", container, ex.getMessage());
    }
  }

  /** Whether the container is in a crash loop now. */
  public synchronized boolean looping(String container) {
    Loop loop = loops.get(container);
    return loop != null && loop.looping;
  }

  /** {@code 5m}, {@code 1h}, {@code 10s}: as a service file would write it. */
  private static String human(Duration d) {
    long s = d.toSeconds();
    if (s > 0 && s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s > 0 && s % 60 == 0) {
      return s / 60 + "m";
    }
    return net.metacircular.mcp.schema.Durations.format(d);
  }
}
