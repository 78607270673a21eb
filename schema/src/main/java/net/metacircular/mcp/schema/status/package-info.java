/**
 * A component's typed status: its {@link net.metacircular.mcp.schema.status.ConditionKind kind},
 * detail, commit and, for failures, how it is retried.
 *
 * <p>Why here, in {@code schema}: the agent's planner, executor, registry and API all read and
 * write these values, and the CLI reads the same kinds from {@code GET /v1/status}. {@code schema}
 * is the one module below all of them, so none depends upward and no side keeps a copy of the
 * kinds.
 */
package net.metacircular.mcp.schema.status;
