package net.metacircular.mcp.schema.api;

/**
 * The agent's notifications in {@code GET /v1/status}.
 *
 * @param receivers how many {@code [[notify]]} receivers are configured
 * @param openIncidents incidents open now
 * @param queued messages waiting to be delivered
 * @param failed failed delivery attempts since the agent started
 * @param dropped messages given up since the agent started: undelivered after every attempt, or the
 *     oldest queued ones beyond the outbox's bound
 * @param lastError the last failed attempt's receiver and reason; empty when none
 */
public record NotifyStatus(
    int receivers, int openIncidents, int queued, long failed, long dropped, String lastError) {
  public NotifyStatus {
    lastError = lastError == null ? "" : lastError;
  }
}
