package net.metacircular.mcp.agent.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import net.metacircular.mcp.schema.api.ApiError;
import net.metacircular.mcp.schema.api.ErrorCode;

/**
 * Handles {@code POST /v1/webhook} from the git host. It is not behind a bearer token: the receiver
 * authenticates the request itself (by its HMAC signature). The API gives it the headers (names in
 * lower case) and the body (at most 1 MiB), and answers with what it returns, as JSON.
 */
@FunctionalInterface
public interface WebhookReceiver {
  /**
   * The answer.
   *
   * @param status the HTTP status (2xx accepted, 4xx rejected, 5xx failed)
   * @param body serialized as JSON: an {@link ApiError} for failures
   */
  record Result(int status, Object body) {
    public Result {
      Objects.requireNonNull(body, "body");
    }
  }

  Result receive(Map<String, List<String>> headers, byte[] body);

  /** Until a receiver is wired in: every request is 404. */
  WebhookReceiver NOT_CONFIGURED =
      (headers, body) ->
          new Result(404, new ApiError(ErrorCode.NOT_FOUND, "webhooks are not configured"));
}
