/**
 * The agent's HTTPS API (DESIGN.md, "The agent"): Javalin on Jetty 11, TLS from PEM files that are
 * reloaded when renewed, bearer tokens checked against a local tokens file or MCIAS, JSON bodies
 * from the records of {@code net.metacircular.mcp.schema.api} with snake_case names. {@link
 * ApiServer} is the entry point; everything else is package-private.
 */
package net.metacircular.mcp.agent.api;
