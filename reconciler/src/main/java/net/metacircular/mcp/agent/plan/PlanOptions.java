package net.metacircular.mcp.agent.plan;

import java.util.Set;

/**
 * How the planner treats drift, pruning and explicit deploys.
 *
 * @param selfHeal start or recreate drifted containers (else only report)
 * @param prune remove managed containers of services no longer desired here (else only report)
 * @param deploys explicit deploy requests (from {@code mcp deploy}) to honour in this plan
 * @param suspended services held still by {@code mcp suspend}: no action of any kind
 * @param nodeSuspended every service of the node is held still ({@code mcp suspend --node})
 */
public record PlanOptions(
    boolean selfHeal,
    boolean prune,
    Set<DeployRequest> deploys,
    Set<String> suspended,
    boolean nodeSuspended) {
  public static final PlanOptions DEFAULTS = new PlanOptions(true, true, Set.of());

  public PlanOptions {
    deploys = Set.copyOf(deploys);
    suspended = Set.copyOf(suspended);
  }

  public PlanOptions(boolean selfHeal, boolean prune, Set<DeployRequest> deploys) {
    this(selfHeal, prune, deploys, Set.of(), false);
  }

  public PlanOptions withDeploys(Set<DeployRequest> requests) {
    return new PlanOptions(selfHeal, prune, requests, suspended, nodeSuspended);
  }

  /** These options, with what is suspended now. */
  public PlanOptions withSuspended(Set<String> services, boolean node) {
    return new PlanOptions(selfHeal, prune, deploys, services, node);
  }

  /** Whether {@code service} is to be left alone. */
  public boolean suspended(String service) {
    return nodeSuspended || suspended.contains(service);
  }
}
