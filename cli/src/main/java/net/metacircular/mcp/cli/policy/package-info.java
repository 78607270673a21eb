/**
 * Which validation policy a service file is checked against on the workstation: the policy of the
 * node the file names ({@code GET /v1/policy}), cached under {@code ~/.cache/mcp/policy/}, else
 * {@code mcp validate --services-root}, mcp.toml's {@code services_root} or the agent's default.
 */
package net.metacircular.mcp.cli.policy;
