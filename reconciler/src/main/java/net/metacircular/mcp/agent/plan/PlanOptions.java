package net.metacircular.mcp.agent.plan;

import java.util.Set;

/**
 * How the planner treats drift, pruning and explicit deploys.
 *
 * @param selfHeal start or recreate drifted containers (else only report)
 * @param prune remove managed containers of services no longer desired here (else only report)
 * @param deploys explicit deploy requests (from {@code mcp deploy}) to honour in this plan
 */
public record PlanOptions(boolean selfHeal, boolean prune, Set<DeployRequest> deploys) {
  public static final PlanOptions DEFAULTS = new PlanOptions(true, true, Set.of());

  public PlanOptions {
    deploys = Set.copyOf(deploys);
  }

  public PlanOptions withDeploys(Set<DeployRequest> requests) {
    return new PlanOptions(selfHeal, prune, requests);
  }
}
