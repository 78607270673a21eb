package net.metacircular.mcp.agent.registry;

import java.util.Optional;

/**
 * An event to append; the registry gives it an id and the time.
 *
 * @param service the service it is about; absent for events about the source (e.g. {@code synced})
 * @param component the component it is about; only with a service
 * @param kind what happened
 * @param message why, down to the field: {@code recreated metacrypt-web: image v1.4.2 → v1.4.3}
 * @param commit the commit involved, if any
 */
public record NewEvent(
    Optional<String> service,
    Optional<String> component,
    EventKind kind,
    String message,
    Optional<String> commit) {

  public NewEvent {
    Check.optional("event service", service).ifPresent(s -> Check.name("event service", s));
    Check.optional("event component", component).ifPresent(c -> Check.name("event component", c));
    if (component.isPresent() && service.isEmpty()) {
      throw RegistryException.invalid(
          "event component " + component.get() + " has no service; pass the service too");
    }
    Check.present("event kind", kind);
    Check.text("event message", message);
    Check.optional("event commit", commit).ifPresent(c -> Check.commit("event commit", c));
  }

  /** An event about the source or the agent as a whole. */
  public static NewEvent ofSource(EventKind kind, String message) {
    return new NewEvent(Optional.empty(), Optional.empty(), kind, message, Optional.empty());
  }

  /** An event about a service. */
  public static NewEvent ofService(EventKind kind, String service, String message) {
    return new NewEvent(Optional.of(service), Optional.empty(), kind, message, Optional.empty());
  }

  /** An event about one component of a service. */
  public static NewEvent ofComponent(
      EventKind kind, String service, String component, String message) {
    return new NewEvent(
        Optional.of(service), Optional.of(component), kind, message, Optional.empty());
  }

  /** This event, with the commit involved. */
  public NewEvent withCommit(String commitId) {
    return new NewEvent(service, component, kind, message, Optional.of(commitId));
  }
}
