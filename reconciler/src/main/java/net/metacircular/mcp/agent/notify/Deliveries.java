package net.metacircular.mcp.agent.notify;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.metacircular.mcp.agent.config.NotifyConfig;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.schema.api.NotifyTestResponse;
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

  /**
   * The outbox's bound: with a receiver down for days, the oldest messages go first (their
   * incidents are still open or long resolved; the newest say where things stand).
   */
  static final int MAX_QUEUED = 1000;

  private static final IntervalFunction BACKOFF =
      IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(30));

  private final Registry registry;
  private final Map<String, Receiver> receivers = new LinkedHashMap<>();
  private final Clock clock;
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final int maxQueued;
  private volatile String lastError = "";

  public Deliveries(Registry registry, List<NotifyConfig> receivers, Clock clock) {
    this(registry, receivers, clock, MAX_QUEUED);
  }

  Deliveries(Registry registry, List<NotifyConfig> receivers, Clock clock, int maxQueued) {
    this.registry = registry;
    receivers.forEach(r -> this.receivers.putIfAbsent(r.key(), new Receiver(r)));
    this.clock = clock;
    this.maxQueued = maxQueued;
  }

  /** Sends what is due now; returns how many were delivered. */
  public int deliverDue() {
    int trimmed = registry.inTransaction(tx -> new IncidentStore(tx.handle()).trim(maxQueued));
    if (trimmed > 0) {
      dropped.addAndGet(trimmed);
      LOG.warn(
          "{} queued notifications dropped, the oldest: the outbox holds at most {}",
          trimmed,
          maxQueued);
    }
    List<IncidentStore.Queued> due =
        registry.inTransaction(tx -> new IncidentStore(tx.handle()).due(clock.instant(), 100));
    int delivered = 0;
    for (IncidentStore.Queued q : due) {
      Receiver r = receivers.get(q.notifier());
      Optional<String> error = r == null ? Optional.empty() : r.send(q.body());
      Instant now = clock.instant();
      if (r == null) {
        // No [[notify]] table has this url any more: nobody to send it to.
        registry.useTransaction(tx -> new IncidentStore(tx.handle()).delivered(q.id()));
      } else if (error.isEmpty()) {
        delivered++;
        registry.useTransaction(tx -> new IncidentStore(tx.handle()).delivered(q.id()));
      } else {
        String why = error.get();
        String name = r.config().name();
        failed.incrementAndGet();
        lastError = name + " " + r.config().url() + ": " + why;
        int attempts = q.attempts() + 1;
        if (attempts >= MAX_ATTEMPTS) {
          LOG.warn("a notification to {} is dropped after {} attempts: {}", name, attempts, why);
          dropped.incrementAndGet();
          registry.useTransaction(tx -> new IncidentStore(tx.handle()).delivered(q.id()));
        } else {
          Instant next = now.plusMillis(BACKOFF.apply(attempts));
          LOG.info("a notification to {} failed ({}); next try at {}", name, why, next);
          registry.useTransaction(tx -> new IncidentStore(tx.handle()).retryAt(q.id(), next, why));
        }
      }
    }
    return delivered;
  }

  /** A test message to every receiver at once; the outbox and the failure count are untouched. */
  public NotifyTestResponse test(String node) {
    return new NotifyTester(List.copyOf(receivers.values()), node, clock).test();
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

  /** Messages given up since the agent started: after every attempt, or beyond the bound. */
  public long dropped() {
    return dropped.get();
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
