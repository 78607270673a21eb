package net.metacircular.mcp.agent.webhook;

/**
 * Asks the source for a fetch soon; it returns at once and never fetches on the caller's thread.
 */
@FunctionalInterface
public interface FetchTrigger {
  void requestFetch();
}
