package net.metacircular.mcp.agent.webhook;

import java.util.Objects;

/**
 * What became of one webhook delivery. The reason is for the git host's delivery log and the
 * agent's events; it never holds the secret or a signature.
 *
 * @param outcome what was done
 * @param reason why, in a sentence an operator can act on
 */
public record WebhookResult(Outcome outcome, String reason) {

  /** What was done with a delivery, and the HTTP status the API answers with. */
  public enum Outcome {
    /** Authentic push to the followed branch: a fetch was requested. */
    TRIGGERED(202),
    /** Authentic but nothing to do (ping, another branch, a tag, another event). */
    IGNORED(200),
    /** No signature or token, a wrong one, or no secret configured: nothing was read. */
    UNAUTHENTICATED(401),
    /** Authentic but unreadable: not JSON, no ref, a form-encoded payload. */
    INVALID(400),
    /** Larger than any push notification needs; refused unread. */
    TOO_LARGE(413);

    private final int httpStatus;

    Outcome(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    public int httpStatus() {
      return httpStatus;
    }
  }

  public WebhookResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("a webhook result needs a reason");
    }
  }

  static WebhookResult triggered(String reason) {
    return new WebhookResult(Outcome.TRIGGERED, reason);
  }

  static WebhookResult ignored(String reason) {
    return new WebhookResult(Outcome.IGNORED, reason);
  }

  static WebhookResult unauthenticated(String reason) {
    return new WebhookResult(Outcome.UNAUTHENTICATED, reason);
  }

  static WebhookResult invalid(String reason) {
    return new WebhookResult(Outcome.INVALID, reason);
  }

  public boolean triggered() {
    return outcome == Outcome.TRIGGERED;
  }
}
