/**
 * The agent's own files on the node: {@link net.metacircular.mcp.agent.files.PrivateFiles} makes
 * them readable only by the agent's user, {@link net.metacircular.mcp.agent.files.ReadableSecrets}
 * names the secrets others can read, for a warning at start.
 */
package net.metacircular.mcp.agent.files;
