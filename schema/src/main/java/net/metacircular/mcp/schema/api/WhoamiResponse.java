package net.metacircular.mcp.schema.api;

/**
 * {@code GET /v1/whoami}: the caller as the agent sees its token.
 *
 * @param name the token's name (tokens file) or subject (MCIAS)
 * @param role {@code read} or {@code admin}
 * @param via where the agent found the token: {@code tokens-file} or {@code mcias}
 */
public record WhoamiResponse(String name, String role, String via) {}
