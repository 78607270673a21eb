package net.metacircular.mcp.agent.registry;

import java.time.Instant;
import java.util.Optional;

/**
 * One entry of the event log.
 *
 * @param id increasing with every append, never reused
 * @param at when it was appended (the registry's clock)
 * @param service the service it is about; absent for events about the source
 * @param component the component it is about, if any
 * @param kind what happened
 * @param message why
 * @param commit the commit involved, if any
 */
public record Event(
    long id,
    Instant at,
    Optional<String> service,
    Optional<String> component,
    EventKind kind,
    String message,
    Optional<String> commit) {

  public Event {
    if (id < 1) {
      throw RegistryException.invalid("event id " + id + " is not positive");
    }
    Check.present("event at", at);
    Check.optional("event service", service);
    Check.optional("event component", component);
    Check.present("event kind", kind);
    Check.present("event message", message);
    Check.optional("event commit", commit);
  }
}
