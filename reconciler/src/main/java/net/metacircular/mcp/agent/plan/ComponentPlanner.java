package net.metacircular.mcp.agent.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.agent.plan.Action.Adopt;
import net.metacircular.mcp.agent.plan.Action.Create;
import net.metacircular.mcp.agent.plan.Action.Recreate;
import net.metacircular.mcp.agent.plan.Action.Report;
import net.metacircular.mcp.agent.plan.Action.Resolve;
import net.metacircular.mcp.agent.plan.Action.Start;
import net.metacircular.mcp.agent.plan.Action.Stop;
import net.metacircular.mcp.agent.runtime.Labels;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.SpecHash;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.ConditionKind;

/**
 * Plans one component of a service toward a target spec: the per-component rows of DESIGN.md's
 * reconcile table (create, recreate, start, stop, adopt, report, clear). Its actions go to the
 * service's lists: stops (put in reverse order by the service) and the rest.
 */
final class ComponentPlanner {
  /** A stopped component of an inactive service: what makes activating it a start. */
  static final Condition KEPT_STOPPED =
      Condition.of(ConditionKind.INACTIVE, "kept stopped: the service is inactive");

  private final String node;
  private final DesiredService desired;
  private final AppliedState applied;
  private final Map<String, ObservedContainer> byName;
  private final PlanOptions options;
  private final List<Action> stops;
  private final List<Action> rest;
  // Of the component being planned (see plan).
  private boolean requested;
  private boolean force;
  private Report settled;

  ComponentPlanner(
      String node,
      DesiredService desired,
      AppliedState applied,
      Map<String, ObservedContainer> byName,
      PlanOptions options,
      List<Action> stops,
      List<Action> rest) {
    this.node = node;
    this.desired = desired;
    this.applied = applied;
    this.byName = byName;
    this.options = options;
    this.stops = stops;
    this.rest = rest;
  }

  /**
   * One component converging to {@code target} (the desired spec, or a manual's applied one).
   *
   * @param requested an explicit {@code mcp deploy} of it: a missing or stopped container is then
   *     created or started even when {@code self_heal} is off
   * @param force an explicit {@code mcp deploy --force} of it
   * @param settled a manual service's out-of-sync report, written in place of clearing the
   *     condition when the component is as it should be; null for any other
   */
  void plan(ComponentSpec target, String commit, boolean requested, boolean force, Report settled) {
    this.requested = requested;
    this.force = force;
    this.settled = settled;
    ServiceSpec spec = desired.spec();
    String name = ServiceSpec.containerName(spec.name(), target.name());
    String hash = SpecHash.of(target);
    Optional<AppliedComponent> record = applied.component(name);
    ObservedContainer c = byName.get(name);
    if (c == null) {
      missing(target, hash, commit, record);
    } else if (!c.managed()) {
      report(
          Report.Kind.CONFLICT,
          target,
          "a container named "
              + name
              + " exists that MCP did not create; it is left alone."
              + " Remove or rename it (podman rm "
              + name
              + ") to let MCP create its own");
    } else if (!c.ownedBy(node)) {
      report(
          Report.Kind.CONFLICT,
          target,
          "a container named "
              + name
              + " belongs to the MCP agent of node "
              + c.label(Labels.NODE).orElse("?")
              + "; it is left alone");
    } else if (!c.label(Labels.SPEC_HASH).orElse("").equals(hash) || force) {
      changed(target, hash, commit, record, c);
    } else {
      same(target, hash, commit, record, c);
    }
  }

  private void missing(
      ComponentSpec target, String hash, String commit, Optional<AppliedComponent> record) {
    if (!desired.spec().active()) {
      if (record.isPresent()) {
        keptStopped(target);
      } else {
        settle(target);
      }
      return;
    }
    boolean wasApplied = record.map(r -> r.specHash().equals(hash)).orElse(false);
    if (wasApplied && activated(target)) {
      rest.add(
          new Create(
              desired.spec(),
              target,
              hash,
              commit,
              false,
              "service activated (active = true); its container was missing"));
    } else if (!wasApplied) {
      String why =
          record
              .flatMap(r -> previous(target.name()))
              .map(b -> SpecDiff.describe(b, target))
              .orElse("new component, image " + target.image());
      rest.add(new Create(desired.spec(), target, hash, commit, false, why));
    } else if (heals()) {
      rest.add(new Create(desired.spec(), target, hash, commit, true, "container was missing"));
    } else {
      report(
          Report.Kind.DRIFT,
          target,
          "container is missing; self_heal is off: mcp deploy "
              + deployTarget(target)
              + " creates it");
    }
  }

  private void changed(
      ComponentSpec target,
      String hash,
      String commit,
      Optional<AppliedComponent> record,
      ObservedContainer c) {
    if (!desired.spec().active()) {
      // Kept stopped as it is; the new spec is applied when the service is activated again.
      stopOrKeepStopped(target, c, commit);
      return;
    }
    boolean drift = !force && record.map(r -> r.specHash().equals(hash)).orElse(false);
    if (drift && !heals()) {
      report(
          Report.Kind.DRIFT,
          target,
          "container's spec differs from the applied one; self_heal is off: mcp deploy "
              + deployTarget(target)
              + " recreates it");
      return;
    }
    String why;
    if (force) {
      why = "forced deploy, pulling " + target.image() + " again";
    } else if (drift) {
      why = "container's spec differs from the applied one (changed outside MCP)";
    } else {
      why =
          previous(target.name())
              .map(b -> SpecDiff.describe(b, target))
              .orElse(unknownChange(c, target, hash));
    }
    rest.add(new Recreate(desired.spec(), target, hash, commit, force, drift, why));
  }

  private void same(
      ComponentSpec target,
      String hash,
      String commit,
      Optional<AppliedComponent> record,
      ObservedContainer c) {
    String service = desired.spec().name();
    boolean known =
        record.map(r -> r.specHash().equals(hash) && r.containerId().equals(c.id())).orElse(false);
    if (!known) {
      rest.add(
          new Adopt(
              service,
              target,
              c.id(),
              hash,
              c.label(Labels.COMMIT).orElse(commit),
              "existing container matches the desired spec; adopted without restart"));
    }
    if (!desired.spec().active()) {
      stopOrKeepStopped(target, c, commit);
      return;
    }
    if (applied.condition(containerName(target)).is(ConditionKind.CRASH_LOOP)) {
      // The agent's crash-loop backoff starts it, and ends the loop once it stays up.
      return;
    }
    if (c.running()) {
      runs(target, c);
      return;
    }
    String state = c.state().name().toLowerCase(java.util.Locale.ROOT);
    String why =
        "container " + state + (c.exitCode() != 0 ? " (exit code " + c.exitCode() + ")" : "");
    if (activated(target)) {
      rest.add(
          new Start(desired.spec(), target, true, commit, "service activated (active = true)"));
    } else if (heals()) {
      rest.add(new Start(desired.spec(), target, false, commit, why));
    } else {
      report(
          Report.Kind.DRIFT,
          target,
          why + "; self_heal is off: mcp deploy " + deployTarget(target) + " starts it");
    }
  }

  /**
   * A running container of the right spec is ok once its health check (if it has one) passes. One
   * that podman says is unhealthy is {@code unhealthy}; a failure (a deploy whose health gate
   * failed) stays until the check passes, rather than clearing because the container runs.
   */
  private void runs(ComponentSpec target, ObservedContainer c) {
    String health = target.health().isPresent() ? c.health().orElse("healthy") : "healthy";
    Condition current = applied.condition(containerName(target));
    if (health.equals("healthy")
        || !(health.equals("unhealthy")
            || current.is(ConditionKind.FAILED)
            || current.is(ConditionKind.UNHEALTHY))) {
      settle(target);
    } else if (health.equals("unhealthy") && !current.is(ConditionKind.FAILED)) {
      Condition unhealthy =
          Condition.of(
              ConditionKind.UNHEALTHY,
              containerName(target)
                  + " is unhealthy: its health check ("
                  + String.join(" ", target.health().orElseThrow().cmd())
                  + ") fails; it is ok again once the check passes");
      if (!current.sameAs(unhealthy)) {
        // No event of its own: the observer writes one when the health turns.
        rest.add(
            new Resolve(desired.spec().name(), target.name(), unhealthy, "health check fails"));
      }
    }
    // Else a failure (a deploy whose health gate failed), or unhealthy, whose check has not passed
    // yet: it stays as it is rather than clearing because the container runs.
  }

  private String deployTarget(ComponentSpec target) {
    return desired.spec().name() + "/" + target.name();
  }

  /** Whether drift is undone: self-heal is on, or the operator asked for this deploy. */
  private boolean heals() {
    return desired.spec().selfHeal(options.selfHeal()) || requested;
  }

  private void stopOrKeepStopped(ComponentSpec target, ObservedContainer c, String commit) {
    if (c.running()) {
      stops.add(
          new Stop(
              desired.spec().name(),
              target.name(),
              target.stopTimeout(),
              commit,
              "service is inactive (active = false)"));
    } else {
      keptStopped(target);
    }
  }

  /** Marks a stopped component of an inactive service, so that activating it starts it. */
  private void keptStopped(ComponentSpec target) {
    if (!applied.condition(containerName(target)).is(ConditionKind.INACTIVE)) {
      rest.add(
          new Resolve(desired.spec().name(), target.name(), KEPT_STOPPED, KEPT_STOPPED.detail()));
    }
  }

  /**
   * Whether the component was kept stopped while its service was inactive, and now is not; or
   * starting it then failed (tried again each cycle, whatever {@code self_heal} says).
   */
  private boolean activated(ComponentSpec target) {
    Condition condition = applied.condition(containerName(target));
    return condition.is(ConditionKind.INACTIVE)
        || (condition.is(ConditionKind.FAILED)
            && condition.failedAction().filter(Start.ACTIVATE::equals).isPresent());
  }

  private String containerName(ComponentSpec c) {
    return ServiceSpec.containerName(desired.spec().name(), c.name());
  }

  private Optional<ComponentSpec> previous(String component) {
    return applied.spec(desired.spec().name(), component);
  }

  private void report(Report.Kind kind, ComponentSpec target, String why) {
    String name = ServiceSpec.containerName(desired.spec().name(), target.name());
    Condition condition = Condition.of(kind.condition(), why);
    if (!applied.condition(name).sameAs(condition)) {
      rest.add(new Report(kind, desired.spec().name(), target.name(), condition, why));
    }
  }

  /** The component is as it should be: a condition reported earlier is cleared. */
  private void settle(ComponentSpec target) {
    Condition current = applied.condition(containerName(target));
    if (settled != null) {
      if (!current.sameAs(settled.condition())) {
        rest.add(settled);
      }
    } else if (!current.is(ConditionKind.OK)) {
      rest.add(
          new Resolve(desired.spec().name(), target.name(), Condition.OK, "condition cleared"));
    }
  }

  /** What changed, when the registry does not hold the spec applied before. */
  private static String unknownChange(ObservedContainer c, ComponentSpec target, String hash) {
    String before = shortHash(c.label(Labels.SPEC_HASH).orElse("?"));
    return c.image().equals(target.image())
        ? "spec changed (spec hash " + before + " → " + shortHash(hash) + ")"
        : "spec changed (image " + c.image() + " → " + target.image() + ")";
  }

  static String shortHash(String hash) {
    return hash.length() > 12 ? hash.substring(0, 12) : hash;
  }
}
