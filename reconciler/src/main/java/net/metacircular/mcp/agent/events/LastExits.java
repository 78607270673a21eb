package net.metacircular.mcp.agent.events;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import net.metacircular.mcp.agent.runtime.RuntimeEvent;

/**
 * The exit code of each managed container's last death, as podman's {@code died} event told it.
 * podman 4.3.1 sets {@code .State.ExitCode} back to 0 when its restart policy starts the container
 * again, so once podman has restarted it only the event still knows how its last run ended: the
 * soak's evidence reads it here. A container's entry goes with its {@code remove} event.
 */
public final class LastExits {
  /** One death: its exit code, and when podman recorded it. */
  public record Exit(int code, Instant at) {
    public Exit {
      Objects.requireNonNull(at, "at");
    }
  }

  private final Map<String, Exit> byId = new ConcurrentHashMap<>();

  /** Keeps a managed container's {@code died} event (other events are not deaths). */
  void died(RuntimeEvent e) {
    if (e.action().equals(RuntimeEvent.DIED) && e.exitCode().isPresent()) {
      byId.put(e.id(), new Exit(e.exitCode().getAsInt(), e.time()));
    }
  }

  /** Forgets a container that was removed (any {@code remove} event; other events do nothing). */
  void removed(RuntimeEvent e) {
    if (e.action().equals(RuntimeEvent.REMOVE)) {
      byId.remove(e.id());
    }
  }

  /** The last death of the container with this id that podman reported, if any was seen. */
  public Optional<Exit> of(String containerId) {
    return Optional.ofNullable(byId.get(containerId));
  }
}
