package net.metacircular.mcp.agent.registry;

import java.util.List;
import java.util.Optional;
import net.metacircular.mcp.agent.runtime.ContainerState;
import net.metacircular.mcp.schema.status.ComponentCondition;
import net.metacircular.mcp.schema.status.Condition;

/**
 * Everything one can read and change in the registry. {@link Registry} runs each call in its own
 * transaction; {@link RegistryTx} runs them all in the one transaction of {@link
 * Registry#inTransaction}. Every method throws {@link RegistryException} on failure.
 */
public interface RegistryAccess {

  /** Every service, by name. */
  List<ServiceRecord> services();

  Optional<ServiceRecord> service(String name);

  /** The components of a service, by name; empty when the service is unknown. */
  List<ComponentRecord> components(String service);

  /** Every component, by service then name. */
  List<ComponentRecord> allComponents();

  Optional<ComponentRecord> component(String service, String component);

  /**
   * Stores a service's last good spec; keeps what was applied and the error state.
   *
   * @return the service as stored
   */
  ServiceRecord upsertService(ServiceUpsert service);

  /** Records that a service was applied from {@code commit}, now. NOT_FOUND if it is unknown. */
  ServiceRecord recordServiceApplied(String service, String commit);

  /**
   * Sets a service's error; {@code errorSince} stays at the start of an ongoing failure. NOT_FOUND
   * if the service is unknown.
   */
  ServiceRecord setServiceError(String service, String message);

  /** Clears a service's error, if any. NOT_FOUND if the service is unknown. */
  ServiceRecord clearServiceError(String service);

  /**
   * Removes a service and its components (its events stay).
   *
   * @return false if it was not there
   */
  boolean removeService(String name);

  /**
   * Records a component created, recreated or adopted, now; the previous observation is dropped.
   * NOT_FOUND if its service is unknown (upsert the service first).
   */
  ComponentRecord recordComponentApplied(ComponentApplied applied);

  /**
   * Records what podman shows of a component; {@code stateSince} moves only when state or health
   * changes. NOT_FOUND if the component is unknown.
   *
   * @param containerId the container's id, if known (absent keeps the stored one)
   * @param health the health word, absent when the container has no health check
   */
  ComponentRecord recordComponentObserved(
      String service,
      String component,
      Optional<String> containerId,
      ContainerState state,
      Optional<String> health);

  /**
   * Removes one component.
   *
   * @return false if it was not there
   */
  boolean removeComponent(String service, String component);

  /**
   * Appends an event at the registry clock's time.
   *
   * @return the event with its id and time
   */
  Event appendEvent(NewEvent event);

  List<Event> events(EventQuery query);

  SourceState sourceState();

  /** A fetch succeeded at {@code commit}: clears the source error. */
  SourceState recordFetch(String commit);

  /** A fetch failed; {@code errorSince} stays at the start of an ongoing failure. */
  SourceState recordSourceError(String message);

  /** A fetch failed with an error of {@code kind} (a {@code SourceException.Kind} word). */
  SourceState recordSourceError(String kind, String message);

  /** Every service was reconciled to {@code commit}. */
  SourceState recordSourceApplied(String commit);

  /**
   * Records a component's condition (ok included); its {@code since} moves only when the kind
   * changes, everything else is replaced. The component need not be applied (a conflict concerns a
   * name MCP never created).
   */
  void setCondition(String service, String component, Condition condition);

  /** A component's condition; empty when none was recorded (take it as ok). */
  Optional<ComponentCondition> condition(String service, String component);

  /** Every recorded condition, by service then component. */
  List<ComponentCondition> conditions();
}
