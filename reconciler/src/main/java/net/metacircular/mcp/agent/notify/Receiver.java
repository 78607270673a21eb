package net.metacircular.mcp.agent.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import net.metacircular.mcp.agent.config.NotifyConfig;
import net.metacircular.mcp.agent.files.CaCertificates;

/**
 * One {@code [[notify]]} receiver and its HTTP client: POSTs a queued JSON body in the receiver's
 * format, signed when it has a {@code secret_file}, trusting its {@code ca_file} when it has one.
 */
final class Receiver {
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final NotifyConfig config;
  private final HttpClient http;

  Receiver(NotifyConfig config) {
    this.config = config;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(TIMEOUT);
    config
        .caFile()
        .ifPresent(
            f -> {
              try {
                b.sslContext(CaCertificates.clientContext(f));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              } catch (GeneralSecurityException e) {
                // Checked when the config was read: the file changed since.
                throw new IllegalStateException(
                    config.name() + ".ca_file " + f + ": " + e.getMessage(), e);
              }
            });
    this.http = b.build();
  }

  NotifyConfig config() {
    return config;
  }

  /** Empty when the receiver took it (2xx), else why not, in a sentence. */
  Optional<String> send(String json) {
    Message m = Message.render(config.format(), json);
    HttpRequest.Builder req =
        HttpRequest.newBuilder(config.url())
            .timeout(TIMEOUT)
            .header("Content-Type", m.contentType())
            .header("User-Agent", "mcp-agent")
            .POST(HttpRequest.BodyPublishers.ofByteArray(m.body()));
    m.headers().forEach(req::header);
    try {
      if (config.format() == NotifyConfig.Format.JSON && config.secretFile().isPresent()) {
        byte[] key =
            Files.readString(config.secretFile().get()).strip().getBytes(StandardCharsets.UTF_8);
        req.header("X-MCP-Signature", "sha256=" + Deliveries.hmac(key, m.body()));
      }
      HttpResponse<Void> res = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
      return res.statusCode() / 100 == 2
          ? Optional.empty()
          : Optional.of("the receiver answered " + res.statusCode());
    } catch (SSLHandshakeException e) {
      return Optional.of(
          "TLS handshake failed (is the receiver's certificate trusted? see ca_file): "
              + e.getMessage());
    } catch (IOException e) {
      return Optional.of(e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted");
    }
  }
}
