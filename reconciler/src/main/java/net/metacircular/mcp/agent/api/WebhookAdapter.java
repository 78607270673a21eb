package net.metacircular.mcp.agent.api;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.metacircular.mcp.agent.webhook.WebhookHandler;
import net.metacircular.mcp.agent.webhook.WebhookResult;
import net.metacircular.mcp.schema.api.ApiError;
import net.metacircular.mcp.schema.api.ErrorCode;

/** Serves {@code POST /v1/webhook} with the {@link WebhookHandler}: its outcome as JSON. */
public final class WebhookAdapter implements WebhookReceiver {
  /** What an accepted or ignored delivery is answered with. */
  public record Accepted(String result, String message) {}

  private final WebhookHandler handler;

  public WebhookAdapter(WebhookHandler handler) {
    this.handler = handler;
  }

  @Override
  public Result receive(Map<String, List<String>> headers, byte[] body) {
    Map<String, String> first = new HashMap<>();
    headers.forEach((k, v) -> first.put(k, v.isEmpty() ? "" : v.get(0)));
    WebhookResult r = handler.handle(first, body);
    int status = r.outcome().httpStatus();
    Object answer =
        switch (r.outcome()) {
          case TRIGGERED -> new Accepted("triggered", r.reason());
          case IGNORED -> new Accepted("ignored", r.reason());
          case UNAUTHENTICATED -> new ApiError(ErrorCode.UNAUTHENTICATED, r.reason());
          case INVALID, TOO_LARGE -> new ApiError(ErrorCode.INVALID_ARGUMENT, r.reason());
        };
    return new Result(status, answer);
  }
}
