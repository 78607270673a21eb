package net.metacircular.mcp.agent.plan;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import net.metacircular.mcp.agent.plan.Action.Prune;
import net.metacircular.mcp.agent.plan.Action.Report;
import net.metacircular.mcp.agent.runtime.Labels;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.ServiceSpec;
import net.metacircular.mcp.schema.status.Condition;

/**
 * The reconciler's decision: a pure function of desired state, the registry's view and what podman
 * shows, to an ordered list of actions. It calls nothing and changes nothing, so that every case
 * can be tested as a table.
 *
 * <p>Order: prunes first (freeing names and ports), then service by service in name order; within a
 * service, stops in reverse {@code depends_on} order, then the rest in {@code depends_on} order.
 */
public final class Planner {
  private final String node;

  public Planner(String node) {
    this.node = node;
  }

  public List<Action> plan(
      DesiredState desired,
      AppliedState applied,
      List<ObservedContainer> observed,
      PlanOptions options) {
    Map<String, ObservedContainer> byName = new HashMap<>();
    observed.forEach(c -> byName.put(c.name(), c));
    List<Action> actions = new ArrayList<>(prunes(desired, applied, observed, options));
    // A suspended service is left alone entirely: not deployed, healed or pruned (it is still
    // observed, by the reconciler's Observer).
    new TreeMap<>(desired.services())
        .values().stream()
            .filter(d -> !options.suspended(d.spec().name()))
            .forEach(
                d -> actions.addAll(new ServicePlanner(node, d, applied, byName, options).plan()));
    return List.copyOf(actions);
  }

  private List<Action> prunes(
      DesiredState desired,
      AppliedState applied,
      List<ObservedContainer> observed,
      PlanOptions options) {
    // Only the containers to go are put in order: the order's key reads the service's applied
    // components, so sorting every owned container cost O(n² log n) in each cycle, even the
    // no-op ones where nothing goes (7 % of a no-op cycle's CPU with 200 components).
    List<Gone> gone = new ArrayList<>();
    for (ObservedContainer c : observed) {
      if (!c.ownedBy(node)) {
        continue;
      }
      Optional<String> service = c.label(Labels.SERVICE);
      Optional<String> component = c.label(Labels.COMPONENT);
      if (service.isEmpty() || component.isEmpty()) {
        continue; // Labelled managed but not ours in shape: never guess, never touch.
      }
      String svc = service.get();
      String comp = component.get();
      if (options.suspended(svc)) {
        continue; // removed from git while suspended: pruned only once resumed
      }
      pruneReason(desired, applied, svc, comp)
          .ifPresent(why -> gone.add(new Gone(c, svc, comp, why)));
    }
    gone.sort(Comparator.comparing(Gone::container, pruneOrder(applied)));
    List<Action> out = new ArrayList<>();
    for (Gone g : gone) {
      if (options.prune()) {
        out.add(new Prune(g.svc(), g.comp(), stopTimeout(applied, g.svc(), g.comp()), g.why()));
      } else {
        String why = g.why() + "; not removed because prune is off";
        Condition condition = Condition.of(Report.Kind.ORPHAN.condition(), why);
        if (!applied.condition(g.container().name()).sameAs(condition)) {
          out.add(new Report(Report.Kind.ORPHAN, g.svc(), g.comp(), condition, why));
        }
      }
    }
    return out;
  }

  /** An owned container that is no longer desired, and why. */
  private record Gone(ObservedContainer container, String svc, String comp, String why) {}

  private Optional<String> pruneReason(
      DesiredState desired, AppliedState applied, String svc, String comp) {
    DesiredService d = desired.services().get(svc);
    if (d == null) {
      return desired.held().contains(svc)
          ? Optional.empty()
          : Optional.of("service " + svc + " is no longer declared for node " + node);
    }
    // A manual service keeps what was applied until deployed, removed components included.
    boolean inDesired = d.spec().component(comp).isPresent();
    boolean inApplied = applied.component(ServiceSpec.containerName(svc, comp)).isPresent();
    boolean keep = inDesired || (ServicePlanner.isManual(d) && inApplied);
    return keep
        ? Optional.empty()
        : Optional.of("component " + comp + " was removed from service " + svc);
  }

  private static Duration stopTimeout(AppliedState applied, String svc, String comp) {
    return applied
        .spec(svc, comp)
        .map(ComponentSpec::stopTimeout)
        .orElse(ComponentSpec.DEFAULT_STOP_TIMEOUT);
  }

  /** Dependents before what they depend on, where the applied specs say; else by name. */
  private static Comparator<ObservedContainer> pruneOrder(AppliedState applied) {
    return Comparator.comparing((ObservedContainer c) -> c.label(Labels.SERVICE).orElse(""))
        .thenComparing(c -> -position(applied, c))
        .thenComparing(ObservedContainer::name);
  }

  private static int position(AppliedState applied, ObservedContainer c) {
    String service = c.label(Labels.SERVICE).orElse("");
    List<ComponentSpec> specs =
        applied.components().values().stream()
            .filter(a -> a.service().equals(service))
            .flatMap(a -> a.spec().stream())
            .sorted(Comparator.comparing(ComponentSpec::name))
            .toList();
    List<ComponentSpec> order = DependencyOrder.of(specs);
    String component = c.label(Labels.COMPONENT).orElse("");
    for (int i = 0; i < order.size(); i++) {
      if (order.get(i).name().equals(component)) {
        return i;
      }
    }
    return 0;
  }
}
