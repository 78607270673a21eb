package net.metacircular.mcp.agent.api;

import java.util.Optional;

/** Checks a bearer token. */
interface TokenValidator {
  /**
   * The caller the token belongs to; empty when it is unknown or invalid.
   *
   * @throws ApiException UNAVAILABLE when the validator cannot decide now (MCIAS unreachable): the
   *     request is refused, never let through
   */
  Optional<Caller> validate(String token);

  /**
   * Why it refused a token, for the message: e.g. {@code it is not in this agent's tokens file}.
   */
  String refusal();

  /** How to get a token it accepts, for the message. */
  String remedy();
}
