/**
 * Secrets from the services repository ({@code secrets/<service>/<name>.age}): the node's age
 * identity, decryption at apply time into podman secrets, their digests in the spec hash, and the
 * removal of podman secrets nothing uses any more. A value is held in memory only, and given to
 * podman on stdin.
 */
package net.metacircular.mcp.agent.secrets;
