package net.metacircular.mcp.schema.api;

/**
 * HTTP 202: a request that runs on ({@code ?wait=false}); its effects show in status and events.
 *
 * @param message what was started
 */
public record Accepted(String message) {}
