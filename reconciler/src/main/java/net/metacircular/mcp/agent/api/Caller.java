package net.metacircular.mcp.agent.api;

/**
 * Who made a request, once their token is accepted.
 *
 * @param name the token's name (tokens file) or subject (MCIAS), for logs; never the token
 * @param role what they may do
 * @param via {@code tokens-file} or {@code mcias}
 */
record Caller(String name, Role role, String via) {}
