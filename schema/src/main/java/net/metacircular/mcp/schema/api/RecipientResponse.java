package net.metacircular.mcp.schema.api;

/**
 * {@code GET /v1/secrets/recipient}: what secrets for this node are encrypted to.
 *
 * @param node the agent's node
 * @param recipient the public half of the node's age identity, {@code age1…}
 */
public record RecipientResponse(String node, String recipient) {}
