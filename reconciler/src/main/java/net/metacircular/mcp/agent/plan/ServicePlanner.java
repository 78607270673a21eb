package net.metacircular.mcp.agent.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.metacircular.mcp.agent.plan.Action.Report;
import net.metacircular.mcp.agent.runtime.Labels;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.DeployMode;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.SpecHash;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.ConditionKind;

/** Plans one desired service: the rows of DESIGN.md's reconcile table, component by component. */
final class ServicePlanner {
  private final String node;
  private final DesiredService desired;
  private final AppliedState applied;
  private final Map<String, ObservedContainer> byName;
  private final PlanOptions options;
  private final List<Action> stops = new ArrayList<>();
  private final List<Action> rest = new ArrayList<>();
  private final ComponentPlanner components;

  ServicePlanner(
      String node,
      DesiredService desired,
      AppliedState applied,
      Map<String, ObservedContainer> byName,
      PlanOptions options) {
    this.node = node;
    this.desired = desired;
    this.applied = applied;
    this.byName = byName;
    this.options = options;
    this.components = new ComponentPlanner(node, desired, applied, byName, options, stops, rest);
  }

  static boolean isManual(DesiredService d) {
    return d.spec().deploy() == DeployMode.MANUAL;
  }

  List<Action> plan() {
    ServiceSpec spec = desired.spec();
    for (ComponentSpec c : DependencyOrder.of(spec.components())) {
      if (isManual(desired) && !requested(c.name()) && !inSync(c)) {
        outOfSync(c);
      } else {
        components.plan(c, desired.commit(), requested(c.name()), forced(c.name()), null);
      }
    }
    List<Action> out = new ArrayList<>(stops.reversed());
    out.addAll(rest);
    return out;
  }

  private boolean requested(String component) {
    return options.deploys().stream().anyMatch(r -> r.covers(desired.spec().name(), component));
  }

  private boolean forced(String component) {
    return options.deploys().stream()
        .anyMatch(r -> r.force() && r.covers(desired.spec().name(), component));
  }

  /**
   * Whether a manual service's component already has the file's spec: applied from it, or, with no
   * record (a registry deleted and bootstrapped again), its container is ours and labelled with it,
   * to be adopted like any other.
   */
  private boolean inSync(ComponentSpec c) {
    String hash = SpecHash.of(c);
    Optional<AppliedComponent> record = applied.component(containerName(c));
    if (record.isPresent()) {
      return record.get().specHash().equals(hash);
    }
    ObservedContainer o = byName.get(containerName(c));
    return o != null && o.ownedBy(node) && o.label(Labels.SPEC_HASH).orElse("").equals(hash);
  }

  private String lastCommit(ComponentSpec c) {
    return applied
        .component(containerName(c))
        .map(AppliedComponent::commit)
        .orElse(desired.commit());
  }

  /**
   * A manual service's component whose file has changed: reported, while its applied spec is still
   * kept converged (healed, stopped, started). The report is what clearing its condition would
   * otherwise be, so that it is written once per change of condition, not every cycle.
   */
  private void outOfSync(ComponentSpec c) {
    Optional<ComponentSpec> before = applied.spec(desired.spec().name(), c.name());
    String differs = whatDiffers(c, before);
    String waiting = "; deploy = \"manual\": waiting for mcp deploy";
    // The spec hash makes two different newer specs two conditions, whatever their diff says.
    Condition condition =
        Condition.of(
                ConditionKind.OUT_OF_SYNC,
                "newer spec "
                    + ComponentPlanner.shortHash(SpecHash.of(c))
                    + " ("
                    + differs
                    + ")"
                    + waiting)
            .withCommit(desired.commit());
    Report report =
        new Report(
            Report.Kind.OUT_OF_SYNC,
            desired.spec().name(),
            c.name(),
            condition,
            differs + " at " + ComponentPlanner.shortHash(desired.commit()) + waiting);
    if (before.isPresent()) {
      components.plan(before.get(), lastCommit(c), false, false, report);
    } else if (!applied.condition(containerName(c)).sameAs(condition)) {
      rest.add(report);
    }
  }

  private String whatDiffers(ComponentSpec c, Optional<ComponentSpec> before) {
    if (before.isPresent()) {
      return SpecDiff.describe(before.get(), c);
    }
    String hash = ComponentPlanner.shortHash(SpecHash.of(c));
    Optional<AppliedComponent> record = applied.component(containerName(c));
    if (record.isPresent()) {
      return "spec hash "
          + ComponentPlanner.shortHash(record.get().specHash())
          + " applied, "
          + hash
          + " in the file";
    }
    ObservedContainer o = byName.get(containerName(c));
    if (o != null && o.ownedBy(node)) {
      return "its container has spec hash "
          + ComponentPlanner.shortHash(o.label(Labels.SPEC_HASH).orElse("?"))
          + ", the file "
          + hash;
    }
    return "new component";
  }

  private String containerName(ComponentSpec c) {
    return ServiceSpec.containerName(desired.spec().name(), c.name());
  }
}
