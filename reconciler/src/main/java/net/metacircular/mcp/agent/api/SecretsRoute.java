package net.metacircular.mcp.agent.api;

import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.Optional;
import net.metacircular.mcp.agent.secrets.IdentityFile;
import net.metacircular.mcp.schema.api.RecipientResponse;

/** {@code GET /v1/secrets/recipient}: the public half of the node's age identity. */
final class SecretsRoute {
  private final ApiContext api;
  private volatile String recipient;

  SecretsRoute(ApiContext api) {
    this.api = api;
  }

  void recipient(Context ctx) {
    Optional<Path> file = api.config().secrets().identity();
    if (file.isEmpty()) {
      throw ApiException.notFound(
          "node "
              + api.node()
              + " has no [secrets] identity; make one with: mcp-agent secrets keygen, and set"
              + " [secrets] identity in mcp-agent.toml");
    }
    String r = recipient;
    if (r == null) {
      // The agent read the identity at start; it is read again once here, for its public half.
      r = IdentityFile.load(file.get()).recipient();
      recipient = r;
    }
    ctx.json(new RecipientResponse(api.node(), r));
  }
}
