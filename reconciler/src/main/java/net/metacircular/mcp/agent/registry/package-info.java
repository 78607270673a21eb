/**
 * The agent's registry: a SQLite database (WAL mode, versioned migrations under {@code db/}) of
 * what was last applied per service and component, the git source's state and the event log. {@link
 * net.metacircular.mcp.agent.registry.Registry} is the entry point; every failure is a {@link
 * net.metacircular.mcp.agent.registry.RegistryException}.
 */
package net.metacircular.mcp.agent.registry;
