/** mcp-agent: converges podman to the service definitions in a git repository. */
package net.metacircular.mcp.agent;
