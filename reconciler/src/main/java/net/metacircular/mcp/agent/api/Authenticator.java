package net.metacircular.mcp.agent.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks {@code Authorization: Bearer <token>} on every matched endpoint but the public ones: the
 * local tokens file first, then MCIAS. A read token may use GET (and HEAD) endpoints; changes need
 * admin. Tokens are never logged; the caller's name is.
 */
final class Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);
  static final String CALLER = "mcp.caller";

  private final List<TokenValidator> validators;
  private final List<String> publicPaths;

  Authenticator(List<TokenValidator> validators, List<String> publicPaths) {
    this.validators = List.copyOf(validators);
    this.publicPaths = List.copyOf(publicPaths);
    if (validators.isEmpty()) {
      LOG.warn(
          "[auth] has neither tokens_file nor mcias_url: every API request but the public ones is"
              + " refused");
    }
  }

  void check(Context ctx) {
    String endpoint = ctx.endpointHandlerPath();
    if (publicPaths.contains(endpoint)) {
      return;
    }
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw ApiException.unauthenticated(
          "no bearer token: send 'Authorization: Bearer <token>' (the CLI reads"
              + " ~/.config/mcp/token)");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.substring(7).isBlank()) {
      throw ApiException.unauthenticated("the Authorization header is not 'Bearer <token>'");
    }
    String token = header.substring(7).trim();
    if (validators.isEmpty()) {
      throw ApiException.unauthenticated(
          "this agent accepts no tokens: its config's [auth] has neither tokens_file nor"
              + " mcias_url");
    }
    Optional<Caller> caller = Optional.empty();
    for (TokenValidator v : validators) {
      caller = v.validate(token);
      if (caller.isPresent()) {
        break;
      }
    }
    if (caller.isEmpty()) {
      throw ApiException.unauthenticated(
          "the bearer token is unknown, expired or revoked: "
              + String.join(" and ", validators.stream().map(TokenValidator::refusal).toList())
              + "; "
              + String.join(", or ", validators.stream().map(TokenValidator::remedy).toList()));
    }
    Caller c = caller.get();
    boolean reads = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
    if (!reads && c.role() != Role.ADMIN) {
      LOG.info("refused {} {} to {} (role read)", ctx.method(), ctx.path(), c.name());
      throw ApiException.denied(
          "the token of "
              + c.name()
              + " has role read: "
              + ctx.method()
              + " "
              + endpoint
              + " needs an admin token");
    }
    ctx.attribute(CALLER, c);
  }
}
