package net.metacircular.mcp.agent.notify;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.metacircular.mcp.agent.config.AgentConfig;
import net.metacircular.mcp.agent.registry.Registry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's notifications: a scan for incidents every few seconds and the outbox's delivery, both
 * on the {@code mcp-notify} thread, so that a receiver that is down or slow (each send times out
 * after 10 s) never holds up a reconcile. Without {@code [[notify]]} nothing runs.
 */
public final class NotifyService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NotifyService.class);
  private static final long EVERY_SECONDS = 5;

  private final Notifications notifications;
  private final Deliveries deliveries;
  private final boolean configured;
  private final int receivers;
  private final String node;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "mcp-notify");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param selfHeals whether the agent heals a service's drift (drift is an incident only when not)
   */
  public NotifyService(
      Registry registry,
      AgentConfig config,
      Clock clock,
      java.util.function.Predicate<String> selfHeals) {
    IncidentScan scan =
        new IncidentScan(
            config.incidents().openAfter(), config.incidents().sourceAfter(), selfHeals);
    this.notifications =
        new Notifications(registry, config.node(), config.notifiers(), scan, clock);
    this.deliveries = new Deliveries(registry, config.notifiers(), clock);
    this.configured = !config.notifiers().isEmpty();
    this.receivers = config.notifiers().size();
    this.node = config.node();
  }

  public void start() {
    if (configured) {
      thread.scheduleWithFixedDelay(this::tick, 0, EVERY_SECONDS, TimeUnit.SECONDS);
    }
  }

  private void tick() {
    try {
      notifications.scan();
      deliveries.deliverDue();
    } catch (RuntimeException e) {
      // The next tick tries again; the scheduled task must not die of it.
      LOG.warn("notifications: {}", e.getMessage());
    }
  }

  /** Finds incidents and queues their messages (tests call it after moving their clock). */
  public Notifications notifications() {
    return notifications;
  }

  /** Sends queued messages (tests call it after moving their clock). */
  public Deliveries deliveries() {
    return deliveries;
  }

  /** {@code POST /v1/notify/test}: a test message to every receiver at once. */
  public net.metacircular.mcp.schema.api.NotifyTestResponse test() {
    return deliveries.test(node);
  }

  /** For status: receivers, open incidents, queued messages and failed attempts. */
  public net.metacircular.mcp.schema.api.NotifyStatus status() {
    return new net.metacircular.mcp.schema.api.NotifyStatus(
        receivers,
        configured ? notifications.open().size() : 0,
        configured ? deliveries.queued() : 0,
        deliveries.failed(),
        deliveries.dropped(),
        deliveries.lastError());
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
