/**
 * {@code mcp suspend}: services (or the whole node) held still by an operator, with who, why and
 * until when; agent state in the registry, so it holds while git is unreachable and across
 * restarts.
 */
package net.metacircular.mcp.agent.suspend;
