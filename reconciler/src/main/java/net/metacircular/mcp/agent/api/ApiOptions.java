package net.metacircular.mcp.agent.api;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import net.metacircular.mcp.agent.Snapshots;

/**
 * How the API runs, beyond the agent's config: mostly for tests, with production defaults.
 *
 * @param clock the clock for caches, uptimes and snapshot names
 * @param certCheckInterval how often the cert and key files are checked for renewal
 * @param webhook the handler of {@code POST /v1/webhook}
 * @param snapshotsKept how many database snapshots are kept
 * @param mciasCacheTtl how long a positive MCIAS answer is trusted
 * @param mciasTimeout how long to wait for MCIAS
 * @param mciasClient makes the HTTP client that asks MCIAS: only when MCIAS is configured, as a
 *     {@code java.net.http} client costs a selector thread and about 50 classes for its life
 * @param waitTimeout how long {@code ?wait=true} waits for a reconcile
 * @param limits how long slow or silent clients may hold a connection
 */
public record ApiOptions(
    Clock clock,
    Duration certCheckInterval,
    WebhookReceiver webhook,
    int snapshotsKept,
    Duration mciasCacheTtl,
    Duration mciasTimeout,
    Supplier<HttpClient> mciasClient,
    Duration waitTimeout,
    ConnectionLimits limits) {

  public ApiOptions {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(certCheckInterval, "certCheckInterval");
    Objects.requireNonNull(webhook, "webhook");
    Objects.requireNonNull(mciasCacheTtl, "mciasCacheTtl");
    Objects.requireNonNull(mciasTimeout, "mciasTimeout");
    Objects.requireNonNull(mciasClient, "mciasClient");
    Objects.requireNonNull(waitTimeout, "waitTimeout");
    Objects.requireNonNull(limits, "limits");
  }

  public static ApiOptions defaults(Clock clock) {
    return new ApiOptions(
        clock,
        Duration.ofSeconds(5),
        WebhookReceiver.NOT_CONFIGURED,
        Snapshots.DEFAULT_KEEP,
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        () -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
        Duration.ofMinutes(10),
        ConnectionLimits.DEFAULT);
  }

  public ApiOptions withWebhook(WebhookReceiver receiver) {
    return new ApiOptions(
        clock,
        certCheckInterval,
        receiver,
        snapshotsKept,
        mciasCacheTtl,
        mciasTimeout,
        mciasClient,
        waitTimeout,
        limits);
  }

  public ApiOptions withCertCheckInterval(Duration interval) {
    return new ApiOptions(
        clock,
        interval,
        webhook,
        snapshotsKept,
        mciasCacheTtl,
        mciasTimeout,
        mciasClient,
        waitTimeout,
        limits);
  }

  public ApiOptions withWaitTimeout(Duration timeout) {
    return new ApiOptions(
        clock,
        certCheckInterval,
        webhook,
        snapshotsKept,
        mciasCacheTtl,
        mciasTimeout,
        mciasClient,
        timeout,
        limits);
  }

  public ApiOptions withLimits(ConnectionLimits connectionLimits) {
    return new ApiOptions(
        clock,
        certCheckInterval,
        webhook,
        snapshotsKept,
        mciasCacheTtl,
        mciasTimeout,
        mciasClient,
        waitTimeout,
        connectionLimits);
  }
}
