package net.metacircular.mcp.agent.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the engine needs of a container runtime: exactly the calls the executor, observer, health
 * waiter, reconciler and API make. {@link Podman} is the implementation; tests may use an in-memory
 * one whose fidelity a contract suite proves against podman. Failures are {@link PodmanException}
 * with podman's exit code and stderr, {@link PodmanTimeoutException} or {@link
 * PodmanUnavailableException}, whichever implementation raises them: the guard and the messages
 * depend on those.
 */
public interface ContainerRuntime {

  /** Every container, managed or not, as {@code podman ps -a --format json} shows them. */
  List<ObservedContainer> ps();

  /**
   * Creates and starts the component's container {@code <service>-<component>}, labelled as
   * managed; may pull a missing image.
   *
   * @return the new container's id
   */
  String run(RunRequest request);

  void start(String name);

  /** SIGTERM, then SIGKILL after {@code timeout} (whole seconds, rounded up). */
  void stop(String name, Duration timeout);

  /** Stops a running container as {@link #stop} would and removes it, in one call. */
  void stopAndRemove(String name, Duration timeout);

  /**
   * Stops and removes each of {@code names} as {@link #stopAndRemove} would, in one call where the
   * runtime can (podman: one {@code rm --force --ignore --time N name…}: 32 containers in half the
   * time of one call each, four at a time). Fails only as a whole (a timeout, podman not there);
   * what happened to each name is in the answer.
   *
   * @return the names removed, or gone already (success, as for {@link #stopAndRemove}), in the
   *     given order. A name not among them was not removed by this call (podman: it failed, and the
   *     others were removed all the same): remove it by itself to learn why, in the runtime's own
   *     words.
   */
  default List<String> stopAndRemoveAll(List<String> names, Duration timeout) {
    List<String> removed = new ArrayList<>();
    for (String name : names) {
      try {
        stopAndRemove(name, timeout);
        removed.add(name);
      } catch (PodmanException e) {
        // Left out of the answer: the caller removes it by itself and hears why.
      }
    }
    return removed;
  }

  void restart(String name, Duration timeout);

  /**
   * Removes a container. Without {@code force} a running one is refused; with it, a running
   * container is killed at once.
   */
  void remove(String name, boolean force);

  /** The last {@code tail} lines of the container's output; a negative {@code tail} means all. */
  String logs(String name, int tail);

  void pull(String image);

  boolean imageExists(String image);

  /** Runs the container's healthcheck once, now; the runtime records its status. */
  HealthResult healthcheckRun(String name);

  /**
   * The recorded health status ({@code starting}, {@code healthy}, {@code unhealthy}); empty
   * without a healthcheck.
   */
  Optional<String> inspectHealth(String name);

  /**
   * podman's {@code .RestartCount}: how often the container's restart policy started it again. A
   * start by hand ({@code podman start}) sets it back to 0; {@code podman restart} leaves it.
   */
  int restartCount(String name);

  /** The names of every podman secret on the node, managed or not. */
  List<String> secretNames();

  /**
   * Creates the podman secret {@code name} holding {@code value}, given to podman on its standard
   * input; fails if one of that name exists (podman 4.3 has no {@code --replace}).
   */
  void createSecret(String name, byte[] value);

  /** Removes the podman secret {@code name}; fails if there is none. */
  void removeSecret(String name);

  /**
   * Follows container events from {@code since} on (what happened since then first, then as it
   * happens), each given to {@code listener} in order on a thread of the runtime's. The stream ends
   * when the runtime stops sending ({@code podman events} exited or could not run) or is closed;
   * the caller restarts it. A {@code died} event says {@link RuntimeEvent#oomKilled} only for a
   * container {@code node}'s agent owns ({@link RuntimeEvent#ownedBy}): finding it out may cost a
   * call per death, which no other container's is worth.
   */
  EventStream events(
      java.time.Instant since, String node, java.util.function.Consumer<RuntimeEvent> listener);
}
