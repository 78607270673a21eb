package net.metacircular.mcp.agent.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.metacircular.mcp.agent.runtime.ContainerState;
import net.metacircular.mcp.schema.status.ComponentCondition;
import net.metacircular.mcp.schema.status.Condition;
import net.metacircular.mcp.schema.status.Failure;
import org.jdbi.v3.core.Handle;

/**
 * The registry inside one transaction (see {@link Registry#inTransaction}); valid only during the
 * callback it is passed to. All calls see each other's changes, and either all of them are
 * committed or none.
 */
public final class RegistryTx implements RegistryAccess {
  private final Clock clock;
  private final ServiceDao services;
  private final ComponentDao components;
  private final EventDao events;
  private final SourceDao source;
  private final ConditionDao conditions;
  private final SuspensionDao suspensions;

  private final Handle handle;

  RegistryTx(Handle handle, Clock clock) {
    this.handle = handle;
    this.clock = clock;
    this.services = handle.attach(ServiceDao.class);
    this.components = handle.attach(ComponentDao.class);
    this.events = handle.attach(EventDao.class);
    this.source = handle.attach(SourceDao.class);
    this.conditions = handle.attach(ConditionDao.class);
    this.suspensions = handle.attach(SuspensionDao.class);
  }

  /**
   * The transaction's handle, for a feature that keeps its own tables (notify's incidents and
   * outbox, V006) and their SQL beside its code.
   */
  public Handle handle() {
    return handle;
  }

  /** The clock's time at millisecond precision, which is what is stored. */
  private long now() {
    return clock.millis();
  }

  @Override
  public List<ServiceRecord> services() {
    return services.all();
  }

  @Override
  public Optional<ServiceRecord> service(String name) {
    return services.find(Check.present("service name", name));
  }

  @Override
  public List<ComponentRecord> components(String service) {
    return components.ofService(Check.present("service name", service));
  }

  @Override
  public List<ComponentRecord> allComponents() {
    return components.all();
  }

  @Override
  public Optional<ComponentRecord> component(String service, String component) {
    return components.find(
        Check.present("service name", service), Check.present("component name", component));
  }

  @Override
  public ServiceRecord upsertService(ServiceUpsert s) {
    Check.present("service", s);
    services.upsert(
        s.name(), s.node(), s.active(), s.deployMode().word(), s.specToml(), s.specCommit(), now());
    return mustService(s.name());
  }

  @Override
  public ServiceRecord recordServiceApplied(String service, String commit) {
    Check.commit("service " + service + ": applied commit", commit);
    requireUpdated(services.applied(service, commit, now()), service);
    return mustService(service);
  }

  @Override
  public ServiceRecord setServiceError(String service, String message) {
    Check.text("service " + service + ": error message", message);
    requireUpdated(services.setError(service, message, now()), service);
    return mustService(service);
  }

  @Override
  public ServiceRecord clearServiceError(String service) {
    services.clearError(Check.present("service name", service), now());
    return mustService(service);
  }

  @Override
  public boolean removeService(String name) {
    conditions.deleteService(Check.present("service name", name));
    return services.delete(name) > 0;
  }

  @Override
  public ComponentRecord recordComponentApplied(ComponentApplied a) {
    Check.present("component applied", a);
    mustService(a.service());
    components.applied(
        a.service(),
        a.component(),
        a.specHash(),
        a.image(),
        a.commit(),
        a.containerId().orElse(null),
        a.specJson().orElse(null),
        now());
    return mustComponent(a.service(), a.component());
  }

  @Override
  public ComponentRecord recordComponentObserved(
      String service,
      String component,
      Optional<String> containerId,
      ContainerState state,
      Optional<String> health) {
    String where = "component " + service + "/" + component + ": ";
    Check.optional(where + "containerId", containerId);
    Check.present(where + "state", state);
    Check.optional(where + "health", health);
    int n =
        components.observed(
            service,
            component,
            containerId.orElse(null),
            state.name().toLowerCase(Locale.ROOT),
            health.filter(h -> !h.isBlank()).orElse(null),
            now());
    if (n == 0) {
      throw RegistryException.notFound(
          "component "
              + service
              + "/"
              + component
              + " is not in the registry; record it as applied (recordComponentApplied) before"
              + " recording what is observed of it");
    }
    return mustComponent(service, component);
  }

  @Override
  public boolean removeComponent(String service, String component) {
    conditions.delete(
        Check.present("service name", service), Check.present("component name", component));
    return components.delete(
            Check.present("service name", service), Check.present("component name", component))
        > 0;
  }

  @Override
  public Event appendEvent(NewEvent e) {
    Check.present("event", e);
    long at = now();
    long id =
        events.append(
            at,
            e.service().orElse(null),
            e.component().orElse(null),
            e.kind().word(),
            e.message(),
            e.commit().orElse(null));
    return new Event(
        id,
        Instant.ofEpochMilli(at),
        e.service(),
        e.component(),
        e.kind(),
        e.message(),
        e.commit());
  }

  @Override
  public List<Event> events(EventQuery q) {
    Check.present("event query", q);
    String service = q.service().orElse(null);
    Long since = q.since().map(Instant::toEpochMilli).orElse(null);
    return q.newestFirst()
        ? events.newestFirst(service, since, q.limit())
        : events.oldestFirst(service, since, q.limit());
  }

  /** The events after the one with id {@code after}, oldest first, at most {@code limit}. */
  public List<Event> eventsAfter(long after, int limit) {
    return events.after(after, limit);
  }

  /** Deletes the events older than {@code before}; how many. */
  public int deleteEventsBefore(java.time.Instant before) {
    return events.deleteBefore(before.toEpochMilli());
  }

  /** Every suspension in force or run out but not yet resumed, by target. */
  public List<Suspension> suspensions() {
    return suspensions.all();
  }

  /** Suspends (or suspends again, replacing reason, owner and expiry). */
  public Suspension suspend(Suspension s) {
    suspensions.put(
        s.target(),
        s.reason(),
        s.who(),
        s.since().toEpochMilli(),
        s.until().map(Instant::toEpochMilli).orElse(null));
    return s;
  }

  /** Whether {@code target} was suspended. */
  public boolean resume(String target) {
    return suspensions.remove(Check.present("suspension target", target)) > 0;
  }

  @Override
  public SourceState sourceState() {
    return source.get();
  }

  @Override
  public SourceState recordFetch(String commit) {
    source.fetched(Check.commit("fetched commit", commit), now());
    return source.get();
  }

  @Override
  public SourceState recordSourceError(String message) {
    source.failed(null, Check.text("source error message", message), now());
    return source.get();
  }

  @Override
  public SourceState recordSourceError(String kind, String message) {
    source.failed(
        Check.text("source error kind", kind), Check.text("source error message", message), now());
    return source.get();
  }

  @Override
  public SourceState recordSourceApplied(String commit) {
    source.applied(Check.commit("applied commit", commit));
    return source.get();
  }

  private ServiceRecord mustService(String name) {
    return services
        .find(name)
        .orElseThrow(
            () ->
                RegistryException.notFound(
                    "service "
                        + name
                        + " is not in the registry; store its spec first (upsertService)"));
  }

  private ComponentRecord mustComponent(String service, String component) {
    return components
        .find(service, component)
        .orElseThrow(
            () ->
                RegistryException.notFound(
                    "component " + service + "/" + component + " is not in the registry"));
  }

  private void requireUpdated(int rows, String service) {
    if (rows == 0) {
      mustService(service);
    }
  }

  @Override
  public void setCondition(String service, String component, Condition condition) {
    Check.name("service name", service);
    Check.name("component name", component);
    Check.present("condition of " + service + "/" + component, condition);
    Optional<Failure> f = condition.failure();
    conditions.set(
        service,
        component,
        condition.kind().word(),
        condition.detail(),
        condition.commit().orElse(null),
        now(),
        f.map(x -> x.failureClass().word()).orElse(null),
        f.map(Failure::action).orElse(null),
        f.map(Failure::attempts).orElse(null),
        f.map(x -> x.lastTry().toEpochMilli()).orElse(null),
        f.flatMap(Failure::nextRetry).map(Instant::toEpochMilli).orElse(null),
        f.flatMap(Failure::specHash).orElse(null));
  }

  @Override
  public Optional<ComponentCondition> condition(String service, String component) {
    return conditions.find(
        Check.present("service name", service), Check.present("component name", component));
  }

  @Override
  public List<ComponentCondition> conditions() {
    return conditions.all();
  }
}
