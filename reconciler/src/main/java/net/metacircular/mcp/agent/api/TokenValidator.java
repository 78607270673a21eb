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
}
