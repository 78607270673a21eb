package net.metacircular.mcp.agent.events;

import java.util.Objects;
import net.metacircular.mcp.agent.registry.EventKind;
import net.metacircular.mcp.agent.registry.NewEvent;
import net.metacircular.mcp.agent.registry.Registry;
import net.metacircular.mcp.agent.runtime.RuntimeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at once, in one event, that the kernel killed a managed container for lack of memory, before
 * the reconcile its death asks for: {@code podman ps} shows only exit code 137, which a {@code
 * podman kill} gives too, and podman 4.3.1 has no {@code oom} event, so the {@code died} event's
 * {@code .State.OOMKilled} is the one place that tells. Whether the container is then started again
 * (self_heal) or only reported is the reconcile's business, as for any death.
 */
public final class OutOfMemoryReport implements EventRouter.Target {
  private static final Logger LOG = LoggerFactory.getLogger(OutOfMemoryReport.class);

  private final Registry registry;
  private final EventRouter.Target next;

  /**
   * @param next where every event goes on to (the reconcile of its service)
   */
  public OutOfMemoryReport(Registry registry, EventRouter.Target next) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.next = Objects.requireNonNull(next, "next");
  }

  @Override
  public void reconcile(String service, RuntimeEvent cause) {
    if (cause.action().equals(RuntimeEvent.DIED)
        && cause.oomKilled()
        && cause.name().startsWith(service + "-")) {
      String component = cause.name().substring(service.length() + 1);
      String message =
          cause.name()
              + " was killed by the kernel for lack of memory (OOMKilled, exit code "
              + cause.exitCode().orElse(137)
              + "): raise its memory limit or lower its use";
      try {
        registry.appendEvent(NewEvent.ofComponent(EventKind.DRIFT, service, component, message));
      } catch (RuntimeException e) {
        // The reconcile below still reports the death; only the cause would be missing.
        LOG.warn("{} (not recorded: {})", message, e.getMessage());
      }
    }
    next.reconcile(service, cause);
  }
}
