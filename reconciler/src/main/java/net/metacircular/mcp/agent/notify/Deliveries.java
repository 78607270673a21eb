package net.metacircular.mcp.agent.notify;

import io.github.resilience4j.core.IntervalFunction;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.metacircular.mcp.agent.config.NotifyConfig;
import net.metacircular.mcp.agent.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox's messages, oldest first, on the caller's thread (the agent's notify thread,
 * never the reconcile's). A failed send is tried again on an exponential backoff (30s doubling to
 * 30m) and given up after {@link #MAX_ATTEMPTS}; each failure counts in {@link #failed()}.
 */
public final class Deliveries {
  private static final Logger LOG = LoggerFactory.getLogger(Deliveries.class);
  static final int MAX_ATTEMPTS = 12;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final IntervalFunction BACKOFF =
      IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(30));

  private final Registry registry;
  private final Map<String, NotifyConfig> receivers;
  private final Clock clock;
  private final HttpClient http;
  private final AtomicLong failed = new AtomicLong();
  private volatile String lastError = "";

  public Deliveries(Registry registry, List<NotifyConfig> receivers, Clock clock) {
    this(registry, receivers, clock, HttpClient.newBuilder().connectTimeout(TIMEOUT).build());
  }

  public Deliveries(Registry registry, List<NotifyConfig> receivers, Clock clock, HttpClient http) {
    this.registry = registry;
    this.receivers =
        receivers.stream().collect(Collectors.toMap(NotifyConfig::name, Function.identity()));
    this.clock = clock;
    this.http = http;
  }

  /** Sends what is due now; returns how many were delivered. */
  public int deliverDue() {
    List<IncidentStore.Queued> due =
        registry.inTransaction(tx -> new IncidentStore(tx.handle()).due(clock.instant(), 100));
    int delivered = 0;
    for (IncidentStore.Queued q : due) {
      NotifyConfig r = receivers.get(q.notifier());
      String error = r == null ? null : send(r, q.body());
      Instant now = clock.instant();
      if (r == null) {
        // Its [[notify]] table is gone from the config: nobody to send it to.
        registry.useTransaction(tx -> new IncidentStore(tx.handle()).delivered(q.id()));
      } else if (error == null) {
        delivered++;
        registry.useTransaction(tx -> new IncidentStore(tx.handle()).delivered(q.id()));
      } else {
        failed.incrementAndGet();
        lastError = r.name() + " " + r.url() + ": " + error;
        int attempts = q.attempts() + 1;
        if (attempts >= MAX_ATTEMPTS) {
          LOG.warn(
              "a notification to {} is dropped after {} attempts: {}", r.name(), attempts, error);
          registry.useTransaction(tx -> new IncidentStore(tx.handle()).delivered(q.id()));
        } else {
          Instant next = now.plusMillis(BACKOFF.apply(attempts));
          LOG.info("a notification to {} failed ({}); next try at {}", r.name(), error, next);
          registry.useTransaction(
              tx -> new IncidentStore(tx.handle()).retryAt(q.id(), next, error));
        }
      }
    }
    return delivered;
  }

  /** Null when the receiver took it (2xx), else why not. */
  private String send(NotifyConfig r, String json) {
    Message m = Message.render(r.format(), json);
    HttpRequest.Builder req =
        HttpRequest.newBuilder(r.url())
            .timeout(TIMEOUT)
            .header("Content-Type", m.contentType())
            .header("User-Agent", "mcp-agent")
            .POST(HttpRequest.BodyPublishers.ofByteArray(m.body()));
    m.headers().forEach(req::header);
    try {
      if (r.format() == NotifyConfig.Format.JSON && r.secretFile().isPresent()) {
        byte[] key =
            Files.readString(r.secretFile().get()).strip().getBytes(StandardCharsets.UTF_8);
        req.header("X-MCP-Signature", "sha256=" + hmac(key, m.body()));
      }
      HttpResponse<Void> res = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
      return res.statusCode() / 100 == 2 ? null : "the receiver answered " + res.statusCode();
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** The hex HMAC-SHA256 of {@code body} under {@code key}. */
  public static String hmac(byte[] key, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from the JVM", e);
    }
  }

  /** Failed attempts since the agent started ({@code mcp_notifications_failed_total}). */
  public long failed() {
    return failed.get();
  }

  /** The last failure, for status; empty when none. */
  public String lastError() {
    return lastError;
  }

  /** Messages waiting in the outbox. */
  public int queued() {
    return registry.inTransaction(tx -> new IncidentStore(tx.handle()).queued());
  }
}
