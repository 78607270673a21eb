/**
 * Safe delivery (DESIGN.md, "Rollout"): after a deploy passes its health gate the service soaks; a
 * soak that passes makes its spec the service's last healthy one, a soak that fails rolls the
 * changed components back to it and quarantines the failed spec. {@link
 * net.metacircular.mcp.agent.rollout.Rollouts} is the reconciler's step; the registry (V007) holds
 * the state.
 */
package net.metacircular.mcp.agent.rollout;
