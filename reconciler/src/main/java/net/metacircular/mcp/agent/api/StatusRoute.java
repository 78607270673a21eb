package net.metacircular.mcp.agent.api;

import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import net.metacircular.mcp.agent.plan.DesiredService;
import net.metacircular.mcp.agent.reconcile.Resolution;
import net.metacircular.mcp.agent.registry.ComponentRecord;
import net.metacircular.mcp.agent.registry.EventQuery;
import net.metacircular.mcp.agent.registry.ServiceRecord;
import net.metacircular.mcp.agent.registry.SourceState;
import net.metacircular.mcp.agent.rollout.RolloutState;
import net.metacircular.mcp.agent.rollout.Rollouts;
import net.metacircular.mcp.agent.runtime.Labels;
import net.metacircular.mcp.agent.runtime.ObservedContainer;
import net.metacircular.mcp.agent.suspend.Suspensions;
import net.metacircular.mcp.schema.ComponentSpec;
import net.metacircular.mcp.schema.DeployMode;
import net.metacircular.mcp.schema.SpecHash;
import net.metacircular.mcp.schema.api.ComponentStatus;
import net.metacircular.mcp.schema.api.EventInfo;
import net.metacircular.mcp.schema.api.ServiceStatus;
import net.metacircular.mcp.schema.api.SourceStatus;
import net.metacircular.mcp.schema.api.StatusResponse;
import net.metacircular.mcp.schema.status.ComponentCondition;
import net.metacircular.mcp.schema.status.ConditionKind;
import net.metacircular.mcp.schema.status.Failure;

/**
 * {@code GET /v1/status[?service=]}: desired (the last reconcile's resolution of the fetched
 * commit), applied (the registry) and observed (one live {@code podman ps}) side by side.
 */
final class StatusRoute {
  static final int RECENT_EVENTS = 20;

  private final ApiContext api;

  StatusRoute(ApiContext api) {
    this.api = api;
  }

  void handle(Context ctx) {
    Optional<String> only =
        Optional.ofNullable(ctx.queryParam("service"))
            .filter(s -> !s.isEmpty())
            .map(s -> ApiContext.name("service", s));
    Instant now = api.options().clock().instant();
    Optional<Resolution> resolution = api.loop().lastResolution();
    Map<String, DesiredService> desired =
        resolution.map(r -> r.desired().services()).orElse(Map.of());
    Map<String, ServiceRecord> records = new HashMap<>();
    api.registry().services().forEach(s -> records.put(s.name(), s));
    Set<String> names = new TreeSet<>(desired.keySet());
    names.addAll(records.keySet());
    if (only.isPresent()) {
      if (!names.contains(only.get())) {
        throw ApiException.notFound(
            "no service " + only.get() + " on node " + api.node() + " (declared or applied)");
      }
      names = Set.of(only.get());
    }
    Map<String, ObservedContainer> observed = new HashMap<>();
    for (ObservedContainer c : api.sharedPs().ps()) {
      observed.put(c.name(), c);
    }
    Map<String, ComponentCondition> conditions = new HashMap<>();
    api.registry().conditions().forEach(c -> conditions.put(c.containerName(), c));
    Map<String, RolloutState> rollouts = Rollouts.states(api.registry());
    List<ServiceStatus> services = new ArrayList<>();
    for (String name : names) {
      services.add(
          service(
              name,
              Optional.ofNullable(desired.get(name)),
              Optional.ofNullable(records.get(name)),
              observed,
              conditions,
              Optional.ofNullable(rollouts.get(name))));
    }
    SourceState source = api.registry().sourceState();
    Optional<AgentMetrics.LastCycle> last = api.metrics().lastCycle();
    Optional<String> lastError = last.flatMap(AgentMetrics.LastCycle::error);
    boolean healthy =
        services.stream().noneMatch(s -> s.drift() || s.error() != null)
            && services.stream()
                .flatMap(s -> s.components().stream())
                .noneMatch(c -> c.unhealthy() || c.failed())
            && source.lastError().isEmpty()
            && lastError.isEmpty();
    EventQuery query = EventQuery.recent(RECENT_EVENTS);
    if (only.isPresent()) {
      query = query.forService(only.get());
    }
    List<EventInfo> events = api.registry().events(query).stream().map(Views::event).toList();
    ctx.json(
        new StatusResponse(
            api.node(),
            healthy,
            now,
            source(source),
            last.map(AgentMetrics.LastCycle::at).orElse(null),
            lastError.orElse(null),
            services,
            events,
            api.watch().status(api.config().reconcile().driftInterval()),
            api.metrics().notifications()));
  }

  private SourceStatus source(SourceState s) {
    var cfg = api.config().source();
    String location =
        cfg.url().map(StatusRoute::withoutCredentials).orElseGet(() -> cfg.dir().get().toString());
    return new SourceStatus(
        location,
        cfg.url().isPresent() ? cfg.branch() : null,
        s.fetchedCommit().orElse(null),
        s.appliedCommit().orElse(null),
        s.lastFetchAt().orElse(null),
        s.lastSuccessAt().orElse(null),
        s.lastError().orElse(null),
        s.errorSince().orElse(null),
        s.errorKind().orElse(null));
  }

  /** {@code https://user:secret@host/x} → {@code https://host/x}. */
  static String withoutCredentials(String url) {
    return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1");
  }

  private ServiceStatus service(
      String name,
      Optional<DesiredService> desired,
      Optional<ServiceRecord> record,
      Map<String, ObservedContainer> observed,
      Map<String, ComponentCondition> conditions,
      Optional<RolloutState> rollout) {
    List<ComponentRecord> applied = api.registry().components(name);
    Map<String, ComponentRecord> appliedByName = new HashMap<>();
    applied.forEach(c -> appliedByName.put(c.component(), c));
    Map<String, ComponentSpec> specs = new HashMap<>();
    Set<String> components = new LinkedHashSet<>();
    desired.ifPresent(
        d ->
            d.spec()
                .components()
                .forEach(
                    c -> {
                      components.add(c.name());
                      specs.put(c.name(), c);
                    }));
    applied.forEach(c -> components.add(c.component()));
    boolean active =
        desired.map(d -> d.spec().active()).orElse(record.map(ServiceRecord::active).orElse(false));
    DeployMode mode =
        desired
            .map(d -> d.spec().deploy())
            .orElse(record.map(ServiceRecord::deployMode).orElse(DeployMode.AUTO));
    List<ComponentStatus> out = new ArrayList<>();
    for (String c : components) {
      out.add(
          component(
              name,
              c,
              Optional.ofNullable(specs.get(c)),
              desired.isPresent() && active,
              mode,
              Optional.ofNullable(appliedByName.get(c)),
              Optional.ofNullable(observed.get(name + "-" + c)),
              Optional.ofNullable(conditions.get(name + "-" + c))));
    }
    return new ServiceStatus(
        name,
        active,
        mode.word(),
        desired.map(DesiredService::commit).orElse(null),
        record.flatMap(ServiceRecord::appliedCommit).orElse(null),
        record.flatMap(ServiceRecord::appliedAt).orElse(null),
        out.stream().anyMatch(ComponentStatus::drift),
        out.stream().anyMatch(ComponentStatus::outOfSync),
        record.flatMap(ServiceRecord::lastError).orElse(null),
        record.flatMap(ServiceRecord::errorSince).orElse(null),
        out,
        new Suspensions(api.registry(), api.options().clock())
            .holding(name)
            .map(SuspendRoutes::info)
            .orElse(null),
        rollout.map(RolloutState::info).orElse(null));
  }

  private static ComponentStatus component(
      String service,
      String name,
      Optional<ComponentSpec> spec,
      boolean shouldRun,
      DeployMode mode,
      Optional<ComponentRecord> applied,
      Optional<ObservedContainer> observed,
      Optional<ComponentCondition> condition) {
    Optional<String> desiredHash = spec.map(SpecHash::of);
    boolean running = observed.map(ObservedContainer::running).orElse(false);
    boolean managed = observed.map(ObservedContainer::managed).orElse(false);
    boolean everApplied = applied.isPresent();
    ConditionKind kind = condition.map(ComponentCondition::kind).orElse(ConditionKind.OK);
    Optional<Failure> failure = condition.flatMap(c -> c.condition().failure());
    boolean drift =
        (spec.isPresent() && shouldRun && everApplied && !running)
            || (spec.isPresent() && !shouldRun && running && managed)
            || (observed.isPresent() && !managed)
            || kind == ConditionKind.DRIFT
            || kind == ConditionKind.CONFLICT;
    boolean outOfSync =
        (mode == DeployMode.MANUAL
                && desiredHash.isPresent()
                && !desiredHash.equals(applied.map(ComponentRecord::specHash)))
            || kind == ConditionKind.OUT_OF_SYNC;
    return new ComponentStatus(
        name,
        service + "-" + name,
        spec.map(ComponentSpec::image).orElse(null),
        desiredHash.orElse(null),
        spec.isPresent() && shouldRun,
        applied.map(ComponentRecord::image).orElse(null),
        applied.map(ComponentRecord::specHash).orElse(null),
        applied.map(ComponentRecord::appliedCommit).orElse(null),
        applied.map(ComponentRecord::appliedAt).orElse(null),
        observed.map(o -> o.state().name().toLowerCase(Locale.ROOT)).orElse(null),
        observed.map(ObservedContainer::status).orElse(null),
        observed.map(ObservedContainer::image).orElse(null),
        observed.flatMap(o -> o.label(Labels.SPEC_HASH)).orElse(null),
        observed.map(ObservedContainer::id).orElse(null),
        observed.flatMap(ObservedContainer::startedAt).orElse(null),
        managed,
        applied.flatMap(ComponentRecord::health).orElse(null),
        drift,
        outOfSync,
        condition.filter(c -> c.kind() != ConditionKind.OK).map(StatusRoute::legacy).orElse(null),
        kind.word(),
        condition.map(c -> c.condition().detail()).orElse(""),
        condition.map(ComponentCondition::since).orElse(null),
        condition.flatMap(c -> c.condition().commit()).orElse(null),
        failure.map(f -> f.failureClass().word()).orElse(null),
        failure.map(Failure::action).orElse(null),
        failure.map(Failure::attempts).orElse(null),
        failure.map(Failure::lastTry).orElse(null),
        failure.flatMap(Failure::nextRetry).orElse(null));
  }

  /** The {@code condition} string of earlier releases ({@code drift:…}), kept for one release. */
  private static String legacy(ComponentCondition c) {
    String word = c.kind() == ConditionKind.OUT_OF_SYNC ? "out-of-sync" : c.kind().word();
    return word + ":" + c.condition().detail();
  }
}
