package net.metacircular.mcp.agent.webhook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The shared secret of the git host's webhook, read from {@code webhook_secret_file} for each
 * delivery so that an operator can create or rotate it without restarting the agent. Without a
 * usable secret every delivery is refused: an unauthenticated webhook would let anyone make the
 * agent fetch at will.
 */
final class WebhookSecret {
  /** A secret is a line of text; a large file is a wrong path, not a secret. */
  static final long MAX_FILE_BYTES = 4096;

  private final Optional<Path> file;

  WebhookSecret(Optional<Path> file) {
    this.file = file;
  }

  /** The secret's bytes, or why there is none (the reason names the file and the fix). */
  Lookup read() {
    if (file.isEmpty()) {
      return Lookup.missing(
          "webhooks are refused: [source] webhook_secret_file is not set; put a secret in a file"
              + " (e.g. openssl rand -hex 32 > /srv/mcp/webhook-secret), name it there and give"
              + " the same secret to the git host's webhook");
    }
    Path path = file.get();
    try {
      if (!Files.isRegularFile(path)) {
        return Lookup.missing(
            "webhooks are refused: webhook_secret_file "
                + path
                + " does not exist; create it with the secret the git host's webhook uses");
      }
      if (Files.size(path) > MAX_FILE_BYTES) {
        return Lookup.missing(
            "webhooks are refused: webhook_secret_file "
                + path
                + " is larger than "
                + MAX_FILE_BYTES
                + " bytes; it should hold only the secret");
      }
      String secret = Files.readString(path, StandardCharsets.UTF_8).strip();
      if (secret.isEmpty()) {
        return Lookup.missing(
            "webhooks are refused: webhook_secret_file "
                + path
                + " is empty; write the secret the git host's webhook uses into it");
      }
      return new Lookup(Optional.of(secret.getBytes(StandardCharsets.UTF_8)), "");
    } catch (IOException e) {
      return Lookup.missing(
          "webhooks are refused: cannot read webhook_secret_file "
              + path
              + " ("
              + e.getClass().getSimpleName()
              + "); check that the agent's user may read it");
    }
  }

  /** Either the secret or why it is missing. Its toString never shows the secret. */
  record Lookup(Optional<byte[]> secret, String problem) {
    static Lookup missing(String problem) {
      return new Lookup(Optional.empty(), problem);
    }

    @Override
    public String toString() {
      return secret.isPresent() ? "Lookup[secret=<redacted>]" : "Lookup[" + problem + "]";
    }
  }
}
